package dev.chartbox.standalone;

/** Cheap Python programs for tests: each real sandbox run costs seconds, so only one draws with matplotlib. */
final class Programs {

    /** Writes a tiny SVG by hand: an artifact without the cost of rendering a figure. */
    static final String SVG_CHART = """
            svg = '<svg xmlns="http://www.w3.org/2000/svg" width="20" height="10"><rect width="20" height="10" fill="#4c72b0"/></svg>'
            with open("chart.svg", "w") as f:
                f.write(svg)
            print("drawn")
            """;

    /** One small bar chart saved as bar.png (its chart data), then a table as the last value. */
    static final String BAR_CHART_THEN_DESCRIBE = """
            import matplotlib.pyplot as plt
            import pandas as pd
            df = pd.DataFrame({"x": ["a", "b"], "y": [3, 5]})
            plt.bar(df["x"], df["y"])
            plt.savefig("bar.png", dpi=40)
            df.describe()
            """;

    static final String DIVIDES_BY_ZERO = """
            print("before")
            1/0
            """;

    /** Runs six seconds of wall time, however fast the interpreter: long enough to stop its worker mid-run. */
    static final String SLEEPS = """
            import time
            start = time.time()
            while time.time() - start < 6:
                pass
            print("slept")
            """;

    private Programs() {}
}

"""Tests of render.py's Prometheus maths (no matplotlib needed): python3 -m unittest discover -s dashboards"""
import math
import pathlib
import tempfile
import unittest

import render


def scrape_file(folder, when, target, body):
    (pathlib.Path(folder) / f"{int(when * 1000)}-{target}.prom").write_text(
        f"# SCRAPE target={target} time={when}\n{body}")


class ParseTest(unittest.TestCase):
    def test_parse_reads_names_labels_and_values_and_skips_comments(self):
        target, when, samples = render.parse(
            '# SCRAPE target=w1:8081 time=12.5\n# HELP x y\n# TYPE x counter\n'
            'chartbox_jobs_finished_total{application="chartbox-worker",status="FAILED"} 3.0\n'
            'process_cpu_usage 0.25\n'
            'odd{msg="a \\"quoted\\" value"} NaN\n')
        self.assertEqual((target, when), ("w1:8081", 12.5))
        self.assertEqual(samples[0], ("chartbox_jobs_finished_total",
                                      {"application": "chartbox-worker", "status": "FAILED"}, 3.0))
        self.assertEqual(samples[1], ("process_cpu_usage", {}, 0.25))
        self.assertEqual(samples[2][1], {"msg": 'a "quoted" value'})
        self.assertTrue(math.isnan(samples[2][2]))


class RateTest(unittest.TestCase):
    def test_rate_is_the_increase_per_second_within_the_window(self):
        points = [(0, 10.0), (10, 20.0), (20, 40.0)]
        self.assertEqual(render.rate(points, 0, 20), 1.5)
        self.assertEqual(render.rate(points, 10, 20), 2.0)

    def test_a_counter_reset_counts_the_new_value_as_increase(self):
        self.assertEqual(render.increase([(0, 50.0), (10, 5.0), (20, 8.0)], 0, 20), 8.0)

    def test_one_sample_gives_no_rate(self):
        self.assertIsNone(render.rate([(0, 1.0), (30, 2.0)], 10, 40))


class HistogramQuantileTest(unittest.TestCase):
    BUCKETS = {"0.1": 0.0, "1.0": 50.0, "10.0": 100.0, "+Inf": 100.0}

    def test_interpolates_linearly_within_the_bucket_holding_the_rank(self):
        self.assertAlmostEqual(render.histogram_quantile(0.5, self.BUCKETS), 1.0)
        self.assertAlmostEqual(render.histogram_quantile(0.25, self.BUCKETS), 0.1 + 0.9 * 0.5)
        self.assertAlmostEqual(render.histogram_quantile(0.99, self.BUCKETS), 1.0 + 9.0 * 0.98)

    def test_a_rank_past_the_last_finite_bucket_reads_as_that_bucket_bound(self):
        self.assertEqual(render.histogram_quantile(0.99, {"1.0": 10.0, "60.0": 50.0, "+Inf": 100.0}), 60.0)

    def test_no_observations_give_no_quantile(self):
        self.assertTrue(math.isnan(render.histogram_quantile(0.5, {"1.0": 0.0, "+Inf": 0.0})))


class PanelTest(unittest.TestCase):
    def test_jobs_per_second_by_status_sum_over_workers(self):
        with tempfile.TemporaryDirectory() as folder:
            for t, (a, b) in enumerate([(0, 0), (10, 20), (30, 60)]):
                scrape_file(folder, t * 10.0, "w1", f'chartbox_jobs_finished_total{{status="SUCCEEDED"}} {a}\n')
                scrape_file(folder, t * 10.0, "w2", f'chartbox_jobs_finished_total{{status="SUCCEEDED"}} {b}\n')
            rates = render.rates_by(render.Scrapes(folder), "chartbox_jobs_finished_total", ["status"], 10)
            self.assertEqual(rates[("SUCCEEDED",)], [(10.0, 3.0), (20.0, 6.0)])

    def test_phase_quantiles_come_from_bucket_increases_per_phase(self):
        with tempfile.TemporaryDirectory() as folder:
            for t, n in [(0.0, 0), (60.0, 100)]:
                scrape_file(folder, t, "w1", "".join(
                    f'chartbox_job_phase_seconds_bucket{{phase="execute",le="{le}"}} {n * share}\n'
                    for le, share in [("0.5", 0.0), ("1.0", 0.5), ("2.0", 1.0), ("+Inf", 1.0)]))
            q = render.quantiles_by(render.Scrapes(folder), "chartbox_job_phase_seconds", ["phase"], 60, qs=(0.5,))
            self.assertEqual(q[(("execute",), 0.5)], [(60.0, 1.0)])


class MissingNamesTest(unittest.TestCase):
    def test_lists_the_vocabulary_a_scrape_lacks_and_accepts_histogram_suffixes(self):
        with tempfile.TemporaryDirectory() as folder:
            scrape_file(folder, 1.0, "w1", 'chartbox_job_duration_seconds_bucket{le="+Inf"} 1\nprocess_cpu_usage 0.1\n')
            metrics = pathlib.Path(folder) / "metrics.txt"
            metrics.write_text("# names\nchartbox_job_duration_seconds\nprocess_cpu_usage\nchartbox_artifacts_total\nup\n")
            self.assertEqual(render.missing_names(folder, metrics), ["chartbox_artifacts_total"])


if __name__ == "__main__":
    unittest.main()

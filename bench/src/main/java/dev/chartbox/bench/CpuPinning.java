package dev.chartbox.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Confines whole processes, every thread of them, to a few of the cores this one may use (Linux's
 * {@code taskset -a}), so "K sandboxes on K cores" is measured as it reads: at K=1 the JIT's
 * compiles, the collector and the next instance's restore share the sandbox's one core, as in a
 * one-core worker, instead of taking a second core for free.
 */
final class CpuPinning {

    private final List<Integer> allowed;

    private CpuPinning(List<Integer> allowed) {
        this.allowed = allowed;
    }

    /** Pinning on this machine, with the cores this process may use; empty where the OS offers none. */
    static Optional<CpuPinning> available() {
        try {
            var status = Files.readAllLines(Path.of("/proc/self/status"));
            var list = status.stream().filter(line -> line.startsWith("Cpus_allowed_list:")).findFirst();
            if (list.isEmpty() || new ProcessBuilder("taskset", "-V").redirectErrorStream(true).start().waitFor() != 0) {
                return Optional.empty();
            }
            return Optional.of(new CpuPinning(cpus(list.get().substring("Cpus_allowed_list:".length()).trim())));
        } catch (IOException | RuntimeException e) { // no /proc, no taskset
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    /** The CPUs of a kernel CPU list such as {@code 0-3,6}. */
    static List<Integer> cpus(String list) {
        var cpus = new ArrayList<Integer>();
        for (String range : list.split(",")) {
            String[] ends = range.split("-");
            int last = Integer.parseInt(ends[ends.length - 1]);
            for (int cpu = Integer.parseInt(ends[0]); cpu <= last; cpu++) {
                cpus.add(cpu);
            }
        }
        return cpus;
    }

    /** How many cores this process may use. */
    int cores() {
        return allowed.size();
    }

    /**
     * Confines every thread of the processes to the first {@code cores} of the allowed cores until
     * the returned handle is closed, which gives their threads (those started meanwhile too) every
     * allowed core again.
     */
    Confinement pin(List<Long> pids, int cores) throws IOException {
        if (cores < 1 || cores > cores()) {
            throw new IllegalArgumentException("cannot pin to " + cores + " of " + cores() + " cores");
        }
        apply(pids, allowed.subList(0, cores));
        return () -> apply(pids, allowed);
    }

    /** Processes confined to some cores until closed. */
    interface Confinement extends AutoCloseable {
        @Override
        void close() throws IOException;
    }

    private static void apply(List<Long> pids, List<Integer> cpus) throws IOException {
        String list = cpus.stream().map(String::valueOf).collect(Collectors.joining(","));
        for (long pid : pids) {
            Process taskset = new ProcessBuilder("taskset", "-a", "-p", "-c", list, Long.toString(pid)).redirectErrorStream(true).start();
            try {
                String said = new String(taskset.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                if (taskset.waitFor() != 0) {
                    throw new IOException("taskset could not set the cores of process " + pid + ": " + said.strip());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while setting the cores of process " + pid, e);
            }
        }
    }
}

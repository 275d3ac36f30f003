package io.closeloop.service.nlp;

import io.closeloop.nlp.NlpModels;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.time.Duration;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One line in the log when the language models have loaded in the background: how long it took, the heap. */
public final class ModelsLoadedLog {

    private static final Logger LOG = LoggerFactory.getLogger(ModelsLoadedLog.class);

    private ModelsLoadedLog() {
    }

    public static void watch(NlpModels models) {
        models.whenLoaded(() -> {
            String took = seconds(models.loadTime().orElse(Duration.ZERO));
            if (models.state() == NlpModels.State.READY) {
                LOG.info("Language models ready: loaded in {}, heap {}", took, heap());
            } else {
                LOG.error("Language models failed to load after {} ({}): sentiment analysis is off until a restart, "
                        + "free-text answers wait in the analysis queue; heap {}", took,
                        models.failure().orElse("unknown reason"), heap());
            }
        });
    }

    static String seconds(Duration duration) {
        return String.format(Locale.ROOT, "%.1f s", duration.toMillis() / 1000.0);
    }

    /** The heap in use and its limit, e.g. "1,184 MB used of 3,978 MB". */
    static String heap() {
        MemoryUsage heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
        return String.format(Locale.ROOT, "%,d MB used of %s", heap.getUsed() >> 20,
                heap.getMax() < 0 ? "no set limit" : String.format(Locale.ROOT, "%,d MB", heap.getMax() >> 20));
    }
}

package io.closeloop.service.metrics;

import io.closeloop.service.Decision;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Map;

/**
 * The CX figures from score distributions (score → count of answered, non-skipped responses):
 * NPS = % of 9–10 minus % of 0–6; CSAT = % of 4–5; CES = mean. Empty distributions give null figures.
 */
@Decision
public final class CxScores {

    private CxScores() {
    }

    public record Nps(@JsonProperty("score") Double score, @JsonProperty("n") long n,
            @JsonProperty("promoters") long promoters, @JsonProperty("passives") long passives,
            @JsonProperty("detractors") long detractors) {
    }

    public record Csat(@JsonProperty("score") Double score, @JsonProperty("n") long n,
            @JsonProperty("satisfied") long satisfied) {
    }

    public record Ces(@JsonProperty("mean") Double mean, @JsonProperty("n") long n) {
    }

    public static Nps nps(Map<Integer, Long> distribution) {
        long n = total(distribution);
        long promoters = count(distribution, 9, 10);
        long detractors = count(distribution, 0, 6);
        Double score = n == 0 ? null : round1(100.0 * (promoters - detractors) / n);
        return new Nps(score, n, promoters, n - promoters - detractors, detractors);
    }

    public static Csat csat(Map<Integer, Long> distribution) {
        long n = total(distribution);
        long satisfied = count(distribution, 4, 5);
        return new Csat(n == 0 ? null : round1(100.0 * satisfied / n), n, satisfied);
    }

    public static Ces ces(Map<Integer, Long> distribution) {
        long n = total(distribution);
        long sum = distribution.entrySet().stream().mapToLong(e -> (long) e.getKey() * e.getValue()).sum();
        return new Ces(n == 0 ? null : round2((double) sum / n), n);
    }

    private static long total(Map<Integer, Long> distribution) {
        return distribution.values().stream().mapToLong(Long::longValue).sum();
    }

    private static long count(Map<Integer, Long> distribution, int from, int to) {
        return distribution.entrySet().stream().filter(e -> e.getKey() >= from && e.getKey() <= to)
                .mapToLong(Map.Entry::getValue).sum();
    }

    static double round1(double value) {
        return Math.round(value * 10.0) / 10.0;
    }

    static double round2(double value) {
        return Math.round(value * 100.0) / 100.0;
    }
}

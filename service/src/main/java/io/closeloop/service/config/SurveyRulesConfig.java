package io.closeloop.service.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropwizard.util.Duration;
import java.time.LocalTime;
import java.util.Objects;

/**
 * When surveys are sent, to whom, and for how long they stay open.
 *
 * @param sendDelay          time after delivery (or purchase, when delivery is unknown) before the invitation goes out
 * @param quietHoursStart    start of the customer's local quiet hours; nothing is sent from then...
 * @param quietHoursEnd      ...until this local time
 * @param defaultTimeZone    the time zone assumed for a customer who gave none
 * @param frequencyCap       at most one survey per customer within this period, across all channels
 * @param expireAfter        how long after sending a survey can be answered
 * @param remindAfter        when one reminder goes to a customer who has not finished
 * @param maxEventAge        purchases older than this when they arrive are not surveyed
 * @param defaultTemplateKey the survey template a purchase uses
 */
public record SurveyRulesConfig(
        @JsonProperty("sendDelay") Duration sendDelay,
        @JsonProperty("quietHoursStart") LocalTime quietHoursStart,
        @JsonProperty("quietHoursEnd") LocalTime quietHoursEnd,
        @JsonProperty("defaultTimeZone") String defaultTimeZone,
        @JsonProperty("frequencyCap") Duration frequencyCap,
        @JsonProperty("expireAfter") Duration expireAfter,
        @JsonProperty("remindAfter") Duration remindAfter,
        @JsonProperty("maxEventAge") Duration maxEventAge,
        @JsonProperty("defaultTemplateKey") String defaultTemplateKey) {

    public SurveyRulesConfig {
        sendDelay = Objects.requireNonNullElse(sendDelay, Duration.hours(24));
        quietHoursStart = Objects.requireNonNullElse(quietHoursStart, LocalTime.of(21, 0));
        quietHoursEnd = Objects.requireNonNullElse(quietHoursEnd, LocalTime.of(9, 0));
        defaultTimeZone = Objects.requireNonNullElse(defaultTimeZone, "UTC");
        java.time.ZoneId.of(defaultTimeZone);
        frequencyCap = Objects.requireNonNullElse(frequencyCap, Duration.days(30));
        expireAfter = Objects.requireNonNullElse(expireAfter, Duration.hours(72));
        remindAfter = Objects.requireNonNullElse(remindAfter, Duration.hours(24));
        maxEventAge = Objects.requireNonNullElse(maxEventAge, Duration.days(30));
        defaultTemplateKey = Objects.requireNonNullElse(defaultTemplateKey, "default");
        if (remindAfter.toMilliseconds() >= expireAfter.toMilliseconds()) {
            throw new IllegalArgumentException("surveys.remindAfter must be shorter than surveys.expireAfter");
        }
    }

    public static SurveyRulesConfig defaults() {
        return new SurveyRulesConfig(null, null, null, null, null, null, null, null, null);
    }
}

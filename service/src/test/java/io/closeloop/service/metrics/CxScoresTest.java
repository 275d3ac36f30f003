package io.closeloop.service.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class CxScoresTest {

    @Test
    void npsIsPromotersMinusDetractorsInPercentOfAnswers() {
        // 5 promoters (9, 10), 3 passives (7, 8), 2 detractors (0, 6): (5 - 2) / 10 = +30.
        CxScores.Nps nps = CxScores.nps(Map.of(10, 3L, 9, 2L, 8, 2L, 7, 1L, 6, 1L, 0, 1L));
        assertThat(nps).isEqualTo(new CxScores.Nps(30.0, 10, 5, 3, 2));
    }

    @Test
    void npsRunsFromMinusHundredToHundredAndRoundsToOneDecimal() {
        assertThat(CxScores.nps(Map.of(0, 4L)).score()).isEqualTo(-100.0);
        assertThat(CxScores.nps(Map.of(10, 4L)).score()).isEqualTo(100.0);
        assertThat(CxScores.nps(Map.of(10, 1L, 8, 1L, 3, 1L)).score()).isEqualTo(0.0);
        assertThat(CxScores.nps(Map.of(10, 2L, 8, 1L)).score()).isEqualTo(66.7);
    }

    @Test
    void csatIsTheShareOfFoursAndFives() {
        assertThat(CxScores.csat(Map.of(5, 2L, 4, 1L, 3, 1L, 1, 2L))).isEqualTo(new CxScores.Csat(50.0, 6, 3));
    }

    @Test
    void cesIsTheMean() {
        assertThat(CxScores.ces(Map.of(7, 1L, 5, 2L, 1, 1L))).isEqualTo(new CxScores.Ces(4.5, 4));
        assertThat(CxScores.ces(Map.of(6, 2L, 5, 1L))).isEqualTo(new CxScores.Ces(5.67, 3));
    }

    @Test
    void noAnswersGiveNoFigureRatherThanZero() {
        assertThat(CxScores.nps(Map.of()).score()).isNull();
        assertThat(CxScores.csat(Map.of()).score()).isNull();
        assertThat(CxScores.ces(Map.of()).mean()).isNull();
    }
}

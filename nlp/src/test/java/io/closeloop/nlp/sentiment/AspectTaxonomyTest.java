package io.closeloop.nlp.sentiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.closeloop.nlp.Language;
import java.util.List;
import org.junit.jupiter.api.Test;

class AspectTaxonomyTest {

    private final AspectTaxonomy standard = AspectTaxonomy.standard();

    private static List<String> lemmas(String sentence) {
        return List.of(sentence.split(" "));
    }

    @Test
    void theStandardTaxonomyCoversTheSevenAspects() {
        assertThat(standard.aspects()).containsExactlyInAnyOrder(
                "delivery", "product_quality", "price", "service", "packaging", "refund", "app_website");
    }

    @Test
    void englishTermsMatchLemmaSequencesAndTheLongestTermWins() {
        assertThat(standard.matchEnglish(lemmas("the delivery driver be lovely")))
                .extracting(AspectTaxonomy.Term::aspect, AspectTaxonomy.Term::term)
                .containsExactly(tuple("delivery", "delivery driver"));
        assertThat(standard.matchEnglish(lemmas("it take forever to arrive")))
                .extracting(AspectTaxonomy.Term::term).containsExactly("take forever");
    }

    @Test
    void eachAspectIsReportedOnceWhateverTheNumberOfItsTerms() {
        List<AspectTaxonomy.Term> found = standard.matchEnglish(lemmas("the courier be late and the parcel be crush"));

        assertThat(found).extracting(AspectTaxonomy.Term::aspect).containsExactlyInAnyOrder("delivery", "packaging");
    }

    @Test
    void aTermMatchesWholeLemmasOnly() {
        assertThat(standard.matchEnglish(lemmas("the boxer be great"))).isEmpty();
        assertThat(standard.matchEnglish(List.of())).isEmpty();
    }

    @Test
    void chineseTermsMatchInsideTheSentenceAndTheLongestTermWins() {
        assertThat(standard.matchChinese("快递小哥很热情"))
                .extracting(AspectTaxonomy.Term::aspect, AspectTaxonomy.Term::term)
                .contains(tuple("delivery", "快递小哥"))
                .doesNotContain(tuple("delivery", "快递"));
        assertThat(standard.matchChinese("外包装破损了")).extracting(AspectTaxonomy.Term::term).contains("外包装");
        assertThat(standard.matchChinese("今天心情不错")).isEmpty();
    }

    @Test
    void chineseMatchingIgnoresWidthAndCase() {
        assertThat(standard.matchChinese("ＡＰＰ打不开")).extracting(AspectTaxonomy.Term::aspect).contains("app_website");
        assertThat(standard.matchChinese("Bug太多")).extracting(AspectTaxonomy.Term::aspect).contains("app_website");
    }

    @Test
    void aBusinessAddsItsOwnAspectsAndTerms() {
        AspectTaxonomy extended = standard.with(List.of(
                new AspectTaxonomy.Term("food_taste", Language.EN, "  Taste "),
                new AspectTaxonomy.Term("food_taste", Language.ZH, "口味"),
                new AspectTaxonomy.Term("delivery", Language.EN, "Rider")));

        assertThat(extended.aspects()).contains("food_taste").hasSize(8);
        assertThat(extended.matchEnglish(lemmas("the taste be bland"))).extracting(AspectTaxonomy.Term::aspect)
                .containsExactly("food_taste");
        assertThat(extended.matchEnglish(lemmas("the rider be rude"))).extracting(AspectTaxonomy.Term::aspect)
                .contains("delivery");
        assertThat(extended.matchChinese("口味偏咸")).extracting(AspectTaxonomy.Term::aspect).containsExactly("food_taste");
        assertThat(standard.aspects()).doesNotContain("food_taste");
    }

    @Test
    void termsAreNormalized() {
        assertThat(new AspectTaxonomy.Term("delivery", Language.EN, "  Take   FOREVER ").term()).isEqualTo("take forever");
        assertThat(new AspectTaxonomy.Term("app_website", Language.ZH, " ＡＰＰ ").term()).isEqualTo("app");
    }

    @Test
    void aTermNeedsAValidAspectIdALanguageItServesAndText() {
        assertThatThrownBy(() -> new AspectTaxonomy.Term("Food Taste", Language.EN, "taste"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new AspectTaxonomy.Term("1taste", Language.EN, "taste"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new AspectTaxonomy.Term("a".repeat(41), Language.EN, "taste"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new AspectTaxonomy.Term("taste", Language.OTHER, "goût"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new AspectTaxonomy.Term("taste", Language.EN, "  "))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(new AspectTaxonomy.Term("a".repeat(40), Language.EN, "x").aspect()).hasSize(40);
    }
}

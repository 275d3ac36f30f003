package io.closeloop.nlp.sentiment;

import static io.closeloop.nlp.sentiment.LabelledText.Polarity.NEGATIVE;
import static io.closeloop.nlp.sentiment.LabelledText.Polarity.NEUTRAL;
import static io.closeloop.nlp.sentiment.LabelledText.Polarity.POSITIVE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.closeloop.nlp.text.DelimitedText;
import java.io.StringReader;
import java.util.List;
import org.junit.jupiter.api.Test;

class SentimentCorpusTest {

    private static List<LabelledText> csv(String text) {
        return SentimentCorpus.read(new StringReader(text), ',');
    }

    private static DelimitedText.MalformedException malformed(String text) {
        return catchThrowableOfType(() -> csv(text), DelimitedText.MalformedException.class);
    }

    @Test
    void aHeaderRowIsNotReadAsALine() {
        assertThat(csv("label,text\npositive,送得很快\nnegative,汤洒了\n")).containsExactly(
                new LabelledText(POSITIVE, "送得很快"),
                new LabelledText(NEGATIVE, "汤洒了"));
    }

    @Test
    void withoutAHeaderEveryRowIsALine() {
        assertThat(csv("positive,送得很快\nneutral,收到了\n")).containsExactly(
                new LabelledText(POSITIVE, "送得很快"),
                new LabelledText(NEUTRAL, "收到了"));
    }

    @Test
    void aHeaderMayPutTheTextFirstAndUseOtherNames() {
        assertThat(csv("Review,Sentiment\n包装很结实,pos\n客服不理人,neg\n")).containsExactly(
                new LabelledText(POSITIVE, "包装很结实"),
                new LabelledText(NEGATIVE, "客服不理人"));
        assertThat(csv("comment,polarity\n还行吧,neu\n")).containsExactly(new LabelledText(NEUTRAL, "还行吧"));
    }

    @Test
    void aHeaderWithOnlyALabelColumnTakesTheOtherColumnAsText() {
        assertThat(csv("content,label\n包装很结实,positive\n")).containsExactly(new LabelledText(POSITIVE, "包装很结实"));
    }

    @Test
    void withoutAHeaderTheTextMayComeFirst() {
        assertThat(csv("送得很快,positive\n汤洒了,negative\n")).containsExactly(
                new LabelledText(POSITIVE, "送得很快"),
                new LabelledText(NEGATIVE, "汤洒了"));
    }

    @Test
    void inAOneZeroFileZeroIsNegative() {
        assertThat(csv("1,好吃\n0,难吃\n1,很快\n")).extracting(LabelledText::polarity)
                .containsExactly(POSITIVE, NEGATIVE, POSITIVE);
    }

    @Test
    void inAFileThatAlsoUsesMinusOneZeroIsNeutral() {
        assertThat(csv("label,text\n1,好吃\n0,收到了\n-1,难吃\n+1,很快\n")).extracting(LabelledText::polarity)
                .containsExactly(POSITIVE, NEUTRAL, NEGATIVE, POSITIVE);
    }

    @Test
    void theMinusOneDecidesTheSchemeWhereverItAppears() {
        assertThat(csv("0,收到了\n1,好吃\n1,很快\n1,不错\n-1,难吃\n")).extracting(LabelledText::polarity)
                .first().isEqualTo(NEUTRAL);
    }

    @Test
    void labelsIgnoreCaseAndSurroundingSpaceAndTextIsStripped() {
        assertThat(csv("label,text\n POSITIVE ,  送得很快  \nNeg,\"汤洒了, 还凉了\"\n")).containsExactly(
                new LabelledText(POSITIVE, "送得很快"),
                new LabelledText(NEGATIVE, "汤洒了, 还凉了"));
    }

    @Test
    void tabSeparatedCorporaReadTheSame() {
        List<LabelledText> lines = SentimentCorpus.read(new StringReader("text\tlabel\n说\"好\"的呢\tnegative\n"), '\t');

        assertThat(lines).containsExactly(new LabelledText(NEGATIVE, "说\"好\"的呢"));
    }

    @Test
    void anUnknownLabelNamesItsLineAndTheLabel() {
        DelimitedText.MalformedException e = malformed("label,text\npositive,好吃\n\ngreat,很快\nnegative,难吃\n");

        assertThat(e.line()).isEqualTo(4);
        assertThat(e).hasMessageStartingWith("line 4: ").hasMessageContaining("'great'");
    }

    @Test
    void anUnknownLabelOnTheFirstLineOfAFileWithoutHeaderNamesLineOne() {
        DelimitedText.MalformedException e = malformed("great,很快\npositive,好吃\n");

        assertThat(e.line()).isEqualTo(1);
        assertThat(e).hasMessageContaining("'great'");
    }

    @Test
    void anEmptyTextNamesItsLine() {
        DelimitedText.MalformedException e = malformed("label,text\npositive,好吃\nnegative,   \npositive,很快\n");

        assertThat(e.line()).isEqualTo(3);
        assertThat(e).hasMessageContaining("empty");
    }

    @Test
    void anEmptyQuotedTextAfterAMultiLineFieldNamesItsOwnLine() {
        DelimitedText.MalformedException e = malformed("label,text\npositive,\"好吃\n又快\"\nnegative,\"\"\n");

        assertThat(e.line()).isEqualTo(4);
    }

    @Test
    void aRowWithoutTextNamesItsLine() {
        DelimitedText.MalformedException e = malformed("label,text\npositive,好吃\nnegative\n");

        assertThat(e.line()).isEqualTo(3);
        assertThat(e).hasMessageContaining("1 field");
    }

    @Test
    void anEmptyFileOrAHeaderAloneIsRejected() {
        assertThat(malformed("").line()).isEqualTo(1);
        assertThat(malformed("\n\n")).hasMessageContaining("no lines");
        assertThat(malformed("label,text\n")).hasMessageContaining("no lines");
    }

    @Test
    void aMalformedFileStillNamesTheLineOfTheBadQuote() {
        assertThat(malformed("label,text\npositive,好吃\nnegative,说\"好\"的呢\n").line()).isEqualTo(3);
    }

    @Test
    void theDefaultCorpusHasThousandsOfLinesOfEveryPolarity() {
        List<LabelledText> corpus = SentimentCorpus.defaultCorpus();

        assertThat(corpus).hasSizeGreaterThan(5000);
        assertThat(corpus).extracting(LabelledText::polarity).contains(POSITIVE, NEGATIVE, NEUTRAL);
        assertThat(corpus).allSatisfy(line -> assertThat(line.text()).isNotBlank().isEqualTo(line.text().strip()));
    }

    @Test
    void aLabelledTextNeedsAPolarityAndText() {
        assertThatThrownBy(() -> new LabelledText(null, "好吃")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new LabelledText(POSITIVE, " ")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new LabelledText(POSITIVE, null)).isInstanceOf(IllegalArgumentException.class);
    }
}

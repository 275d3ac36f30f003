package io.closeloop.nlp.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.util.List;
import org.junit.jupiter.api.Test;

class DelimitedTextTest {

    private static List<DelimitedText.Row> csv(String text) {
        return DelimitedText.read(new StringReader(text), ',');
    }

    private static List<DelimitedText.Row> tsv(String text) {
        return DelimitedText.read(new StringReader(text), '\t');
    }

    @Test
    void plainRecordsKeepTheirFieldsAndLines() {
        assertThat(csv("label,text\npositive,好吃\nnegative,太慢\n")).containsExactly(
                new DelimitedText.Row(1, List.of("label", "text")),
                new DelimitedText.Row(2, List.of("positive", "好吃")),
                new DelimitedText.Row(3, List.of("negative", "太慢")));
    }

    @Test
    void theLastRecordNeedsNoLineBreak() {
        assertThat(csv("a,b\nc,d")).containsExactly(
                new DelimitedText.Row(1, List.of("a", "b")),
                new DelimitedText.Row(2, List.of("c", "d")));
    }

    @Test
    void aQuotedFieldKeepsItsCommas() {
        assertThat(csv("positive,\"fast, hot and friendly\",5\n"))
                .containsExactly(new DelimitedText.Row(1, List.of("positive", "fast, hot and friendly", "5")));
    }

    @Test
    void aDoubledQuoteInsideAQuotedFieldIsOneQuote() {
        assertThat(csv("negative,\"the so-called \"\"express\"\" took a week\"\n"))
                .containsExactly(new DelimitedText.Row(1, List.of("negative", "the so-called \"express\" took a week")));
    }

    @Test
    void anEmptyQuotedFieldIsAnEmptyField() {
        assertThat(csv("\"\",x,\"\"\n")).containsExactly(new DelimitedText.Row(1, List.of("", "x", "")));
    }

    @Test
    void emptyFieldsBetweenDelimitersAreKept() {
        assertThat(csv("a,,c,\n")).containsExactly(new DelimitedText.Row(1, List.of("a", "", "c", "")));
    }

    @Test
    void aQuotedFieldMaySpanLinesAndTheFollowingRowsKeepTheirLineNumbers() {
        List<DelimitedText.Row> rows = csv("""
                label,text
                positive,"first line
                second line
                third line"
                negative,next row
                neutral,"one more
                break"
                positive,last
                """);

        assertThat(rows).containsExactly(
                new DelimitedText.Row(1, List.of("label", "text")),
                new DelimitedText.Row(2, List.of("positive", "first line\nsecond line\nthird line")),
                new DelimitedText.Row(5, List.of("negative", "next row")),
                new DelimitedText.Row(6, List.of("neutral", "one more\nbreak")),
                new DelimitedText.Row(8, List.of("positive", "last")));
    }

    @Test
    void crlfLineEndsEndRecordsAndCountAsOneLine() {
        assertThat(csv("label,text\r\npositive,good\r\n\r\nnegative,bad\r\n")).containsExactly(
                new DelimitedText.Row(1, List.of("label", "text")),
                new DelimitedText.Row(2, List.of("positive", "good")),
                new DelimitedText.Row(4, List.of("negative", "bad")));
    }

    @Test
    void aLoneCarriageReturnAlsoEndsARecord() {
        assertThat(csv("a,b\rc,d\r")).containsExactly(
                new DelimitedText.Row(1, List.of("a", "b")),
                new DelimitedText.Row(2, List.of("c", "d")));
    }

    @Test
    void aQuotedFieldWithCrlfInsideKeepsCountingLines() {
        List<DelimitedText.Row> rows = csv("x,\"one\r\ntwo\"\r\ny,three\r\n");

        assertThat(rows).containsExactly(
                new DelimitedText.Row(1, List.of("x", "one\r\ntwo")),
                new DelimitedText.Row(3, List.of("y", "three")));
    }

    @Test
    void aLeadingByteOrderMarkIsNotPartOfTheFirstField() {
        List<DelimitedText.Row> rows = csv("\uFEFFlabel,text\npositive,ok\n");

        assertThat(rows.get(0).fields()).containsExactly("label", "text");
        assertThat(rows.get(0).fields().get(0)).hasSize(5);
    }

    @Test
    void blankLinesAreSkippedButCountedForLineNumbers() {
        assertThat(csv("\n\na,b\n\n\nc,d\n\n")).containsExactly(
                new DelimitedText.Row(3, List.of("a", "b")),
                new DelimitedText.Row(6, List.of("c", "d")));
    }

    @Test
    void anEmptyInputHasNoRows() {
        assertThat(csv("")).isEmpty();
        assertThat(csv("\uFEFF")).isEmpty();
        assertThat(csv("\n\r\n\n")).isEmpty();
    }

    @Test
    void tabSeparatedTextHasNoQuoting() {
        List<DelimitedText.Row> rows = tsv("negative\t\"express\" took a week\npositive\t\"fine\"\t5\nx\ta, b\n");

        assertThat(rows).containsExactly(
                new DelimitedText.Row(1, List.of("negative", "\"express\" took a week")),
                new DelimitedText.Row(2, List.of("positive", "\"fine\"", "5")),
                new DelimitedText.Row(3, List.of("x", "a, b")));
    }

    @Test
    void anUnclosedQuoteInTabSeparatedTextDoesNotSwallowTheRestOfTheFile() {
        assertThat(tsv("a\t\"open\nb\tc\n")).containsExactly(
                new DelimitedText.Row(1, List.of("a", "\"open")),
                new DelimitedText.Row(2, List.of("b", "c")));
    }

    @Test
    void anyOneCharacterDelimiterWorks() {
        assertThat(DelimitedText.read(new StringReader("a;\"b;c\";d\n"), ';'))
                .containsExactly(new DelimitedText.Row(1, List.of("a", "b;c", "d")));
    }

    @Test
    void anUnclosedQuoteNamesTheLineTheFieldStartsOn() {
        DelimitedText.MalformedException e = catchThrowableOfType(
                () -> csv("label,text\npositive,fine\nnegative,\"never closed\nstill inside\nand more\n"),
                DelimitedText.MalformedException.class);

        assertThat(e.line()).isEqualTo(3);
        assertThat(e).hasMessageStartingWith("line 3: ").hasMessageContaining("never closed");
    }

    @Test
    void aQuoteInsideAnUnquotedFieldNamesItsLine() {
        DelimitedText.MalformedException e = catchThrowableOfType(
                () -> csv("label,text\npositive,fine\n\nnegative,the \"express\" took a week\n"),
                DelimitedText.MalformedException.class);

        assertThat(e.line()).isEqualTo(4);
        assertThat(e).hasMessageStartingWith("line 4: ").hasMessageContaining("quote");
    }

    @Test
    void textAfterAClosingQuoteNamesItsLine() {
        DelimitedText.MalformedException e = catchThrowableOfType(
                () -> csv("a,b\nc,\"quoted\" trailing\n"),
                DelimitedText.MalformedException.class);

        assertThat(e.line()).isEqualTo(2);
        assertThat(e).hasMessageStartingWith("line 2: ");
    }

    @Test
    void aProblemAfterAMultiLineFieldNamesTheLineItIsOn() {
        DelimitedText.MalformedException e = catchThrowableOfType(
                () -> csv("a,\"one\ntwo\nthree\"\nb,bad\"quote\n"),
                DelimitedText.MalformedException.class);

        assertThat(e.line()).isEqualTo(4);
    }

    @Test
    void aReaderFailureIsAnUncheckedIoException() {
        Reader failing = new Reader() {
            @Override
            public int read(char[] buffer, int offset, int length) throws IOException {
                throw new IOException("disk gone");
            }

            @Override
            public void close() {
            }
        };

        assertThatThrownBy(() -> DelimitedText.read(failing, ','))
                .isInstanceOf(UncheckedIOException.class)
                .hasRootCauseMessage("disk gone");
    }

    @Test
    void rowsAreImmutableCopies() {
        List<String> fields = new java.util.ArrayList<>(List.of("a", "b"));
        DelimitedText.Row row = new DelimitedText.Row(1, fields);
        fields.add("c");

        assertThat(row.fields()).containsExactly("a", "b");
        assertThatThrownBy(() -> row.fields().add("d")).isInstanceOf(UnsupportedOperationException.class);
    }
}

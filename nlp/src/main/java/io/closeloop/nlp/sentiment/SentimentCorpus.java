package io.closeloop.nlp.sentiment;

import io.closeloop.nlp.text.DelimitedText;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Labelled lines for training a Chinese sentiment model, read from CSV or TSV with a label column and a text
 * column (in either order; a header row naming them is optional). Labels: positive/pos/1,
 * negative/neg/0, neutral/neu; in a file that also uses -1, 0 means neutral and -1 negative.
 */
public final class SentimentCorpus {
    /** The project's own corpus, written for Closeloop: delivery, e-commerce, retail and service feedback. */
    public static final List<String> DEFAULT_PARTS = List.of("zh-food-delivery.csv", "zh-ecommerce.csv", "zh-retail-service.csv", "zh-general.csv",
            "zh-food-delivery-2.csv");

    private SentimentCorpus() {
    }

    public static List<LabelledText> defaultCorpus() {
        List<LabelledText> lines = new ArrayList<>();
        for (String part : DEFAULT_PARTS) {
            try (Reader reader = new InputStreamReader(
                    SentimentCorpus.class.getResourceAsStream("/io/closeloop/nlp/corpus/" + part), StandardCharsets.UTF_8)) {
                lines.addAll(read(reader, ','));
            } catch (java.io.IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return lines;
    }

    /** Reads every line or throws {@link DelimitedText.MalformedException} naming the first bad one. */
    public static List<LabelledText> read(Reader reader, char delimiter) {
        List<DelimitedText.Row> rows = DelimitedText.read(reader, delimiter);
        if (rows.isEmpty()) {
            throw new DelimitedText.MalformedException(1, "the file has no lines");
        }
        int labelColumn = 0;
        int textColumn = 1;
        List<String> first = rows.get(0).fields().stream().map(f -> f.strip().toLowerCase(Locale.ROOT)).toList();
        boolean header = first.contains("label") || first.contains("polarity") || first.contains("sentiment");
        if (header) {
            labelColumn = indexOfAny(first, "label", "polarity", "sentiment");
            textColumn = indexOfAny(first, "text", "review", "comment", "feedback");
            if (textColumn < 0) {
                textColumn = labelColumn == 0 ? 1 : 0;
            }
        } else if (!isLabel(first.get(0)) && first.size() > 1 && isLabel(first.get(1))) {
            labelColumn = 1;
            textColumn = 0;
        }
        List<DelimitedText.Row> data = header ? rows.subList(1, rows.size()) : rows;
        boolean threeWay = false;
        for (DelimitedText.Row row : data) {
            threeWay |= row.fields().size() > labelColumn && row.fields().get(labelColumn).strip().equals("-1");
        }
        List<LabelledText> lines = new ArrayList<>(data.size());
        for (DelimitedText.Row row : data) {
            if (row.fields().size() <= Math.max(labelColumn, textColumn)) {
                throw new DelimitedText.MalformedException(row.line(),
                        "expected a label and a text, found " + row.fields().size() + " field(s)");
            }
            String text = row.fields().get(textColumn);
            if (text.isBlank()) {
                throw new DelimitedText.MalformedException(row.line(), "the text is empty");
            }
            lines.add(new LabelledText(polarity(row.fields().get(labelColumn), threeWay, row.line()), text.strip()));
        }
        if (lines.isEmpty()) {
            throw new DelimitedText.MalformedException(1, "the file has a header and no lines");
        }
        return lines;
    }

    private static int indexOfAny(List<String> header, String... names) {
        for (String name : names) {
            int at = header.indexOf(name);
            if (at >= 0) {
                return at;
            }
        }
        return -1;
    }

    private static boolean isLabel(String value) {
        try {
            polarity(value, true, 0);
            return true;
        } catch (DelimitedText.MalformedException e) {
            return false;
        }
    }

    private static LabelledText.Polarity polarity(String raw, boolean threeWay, int line) {
        return switch (raw.strip().toLowerCase(Locale.ROOT)) {
            case "positive", "pos", "1", "+1" -> LabelledText.Polarity.POSITIVE;
            case "negative", "neg", "-1" -> LabelledText.Polarity.NEGATIVE;
            case "0" -> threeWay ? LabelledText.Polarity.NEUTRAL : LabelledText.Polarity.NEGATIVE;
            case "neutral", "neu" -> LabelledText.Polarity.NEUTRAL;
            default -> throw new DelimitedText.MalformedException(line,
                    "unknown label '" + raw + "'; use positive, negative or neutral (or 1/0, or 1/0/-1)");
        };
    }
}

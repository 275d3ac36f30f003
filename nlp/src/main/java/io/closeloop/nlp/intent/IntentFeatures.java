package io.closeloop.nlp.intent;

import edu.stanford.nlp.ling.CoreLabel;
import edu.stanford.nlp.process.CoreLabelTokenFactory;
import edu.stanford.nlp.process.Morphology;
import edu.stanford.nlp.process.PTBTokenizer;
import edu.stanford.nlp.stats.ClassicCounter;
import edu.stanford.nlp.stats.Counter;
import java.io.StringReader;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Features that serve English and Chinese alike: English lemmas (CoreNLP's tokenizer and morphology) and lemma
 * bigrams, character 3–5-grams inside words (typos, inflections), and Chinese characters, bigrams and trigrams
 * (no segmenter: its model alone would cost more memory than everything else together).
 */
final class IntentFeatures {
    private static final ThreadLocal<Morphology> MORPHOLOGY = ThreadLocal.withInitial(Morphology::new);
    private static final String TOKENIZER_OPTIONS = "invertible=false,ptb3Escaping=false,untokenizable=noneKeep";

    private IntentFeatures() {
    }

    static Counter<String> of(String text) {
        String normalized = Normalizer.normalize(text, Normalizer.Form.NFKC).toLowerCase(Locale.ROOT);
        Counter<String> features = new ClassicCounter<>();
        StringBuilder han = new StringBuilder();
        StringBuilder other = new StringBuilder();
        for (int i = 0; i < normalized.length(); ) {
            int cp = normalized.codePointAt(i);
            i += Character.charCount(cp);
            if (Character.UnicodeScript.of(cp) == Character.UnicodeScript.HAN) {
                han.appendCodePoint(cp);
                other.append(' ');
            } else {
                addHan(features, han);
                other.appendCodePoint(cp);
            }
        }
        addHan(features, han);
        addWords(features, other.toString());
        return features;
    }

    private static void addHan(Counter<String> features, StringBuilder run) {
        if (run.length() == 0) {
            return;
        }
        String s = run.toString();
        for (int i = 0; i < s.length(); i++) {
            features.incrementCount("h:" + s.charAt(i));
            if (i + 2 <= s.length()) {
                features.incrementCount("h2:" + s.substring(i, i + 2));
            }
            if (i + 3 <= s.length()) {
                features.incrementCount("h3:" + s.substring(i, i + 3));
            }
        }
        run.setLength(0);
    }

    private static void addWords(Counter<String> features, String text) {
        if (text.isBlank()) {
            return;
        }
        PTBTokenizer<CoreLabel> tokenizer = new PTBTokenizer<>(new StringReader(text), new CoreLabelTokenFactory(),
                TOKENIZER_OPTIONS);
        Morphology morphology = MORPHOLOGY.get();
        List<String> lemmas = new ArrayList<>();
        while (tokenizer.hasNext()) {
            String word = tokenizer.next().word();
            if (word.codePoints().noneMatch(Character::isLetterOrDigit)) {
                continue;
            }
            String lemma = word.chars().allMatch(Character::isDigit) ? "<num>" : morphology.stem(word);
            lemmas.add(lemma);
            features.incrementCount("w:" + lemma);
            String marked = "<" + word + ">";
            for (int n = 3; n <= 5; n++) {
                for (int i = 0; i + n <= marked.length(); i++) {
                    features.incrementCount("c:" + marked.substring(i, i + n));
                }
            }
        }
        for (int i = 0; i + 1 < lemmas.size(); i++) {
            features.incrementCount("b:" + lemmas.get(i) + '_' + lemmas.get(i + 1));
        }
    }
}

package io.closeloop.service.survey;

import io.closeloop.service.Decision;

import static java.util.stream.Collectors.toUnmodifiableMap;

import io.closeloop.service.survey.ParsedAnswer.Ambiguous;
import io.closeloop.service.survey.ParsedAnswer.Choice;
import io.closeloop.service.survey.ParsedAnswer.OutOfRange;
import io.closeloop.service.survey.ParsedAnswer.Score;
import io.closeloop.service.survey.ParsedAnswer.Skip;
import io.closeloop.service.survey.ParsedAnswer.Text;
import io.closeloop.service.survey.ParsedAnswer.Unrecognized;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Reads a customer's chat reply (SMS, WeChat) to one survey question, in English or Chinese, written in their own
 * words. One parser serves every chat channel; it only classifies the reply; re-prompting is the conversation's job.
 *
 * <p>Scales take one whole number written with digits (also full-width), English words or Chinese numerals, with
 * its scale stated or not ("9/10", "9 out of 10", "满分10分我给9分"); without a number, CSAT and rating questions
 * take satisfaction words and CES questions effort words ("非常满意", "not satisfied", "very easy"). A number wins
 * over words in the same reply, because words there usually describe one part of the experience
 * ("3, delivery was slow"). NPS takes numbers only.
 *
 * <p>Stateless and thread-safe: build one and share it.
 */
@Decision
public final class AnswerParser {

    // Declared first: the tables below are normalised as they are built.
    private static final Pattern SPACES = Pattern.compile("[\\s\\p{Z}]+");
    private static final Pattern EDGE_SYMBOLS = Pattern.compile("^[^\\p{L}\\p{N}]+|[^\\p{L}\\p{N}]+$");

    private enum Vocabulary { SATISFACTION, EFFORT }

    private record ScaleWord(Vocabulary vocabulary, int score, String phrase) {
    }

    /**
     * Words that stand for a point on a scale. At each position the longest phrase wins, so "非常不满意" is read
     * before "不满意" and "满意", and "not satisfied" before "satisfied".
     */
    private static final List<ScaleWord> SCALE_WORDS = Stream.of(
            words(Vocabulary.SATISFACTION, 5, "very satisfied", "extremely satisfied", "really satisfied",
                    "completely satisfied", "very happy", "really happy", "love it", "loved it", "excellent", "great",
                    "amazing", "awesome", "perfect", "fantastic", "outstanding", "very good",
                    "非常满意", "十分满意", "很满意", "超级满意", "特别满意", "超满意", "非常好", "很好", "太好了", "很棒",
                    "非常棒", "超赞", "完美", "好评", "百分百满意", "很喜欢", "非常喜欢", "很不错", "非常不错"),
            words(Vocabulary.SATISFACTION, 4, "satisfied", "mostly satisfied", "happy", "good", "pretty good",
                    "quite good", "not bad", "like it", "liked it",
                    "满意", "比较满意", "挺满意", "还算满意", "蛮满意", "还不错", "不错", "挺不错", "挺好", "蛮好", "比较好"),
            words(Vocabulary.SATISFACTION, 3, "neutral", "ok", "okay", "so-so", "so so", "average", "fine", "meh",
                    "mediocre", "alright", "all right", "not too bad", "not perfect",
                    "一般", "一般般", "还行", "马马虎虎", "还可以", "凑合", "还好", "差不多", "中规中矩"),
            words(Vocabulary.SATISFACTION, 2, "dissatisfied", "unsatisfied", "not satisfied", "not very satisfied",
                    "not happy", "not very happy", "unhappy", "bad", "poor", "not good", "not very good", "not so good",
                    "not great", "not so great", "disappointed", "disappointing", "don't like it", "didn't like it",
                    "不满意", "不太满意", "不是很满意", "不是非常满意", "不是特别满意", "不怎么满意", "不好", "不太好", "不是很好", "差", "比较差", "失望",
                    "有点失望"),
            words(Vocabulary.SATISFACTION, 1, "very dissatisfied", "extremely dissatisfied", "very unsatisfied",
                    "not satisfied at all", "not at all satisfied", "very unhappy", "very bad", "very poor", "terrible",
                    "awful", "horrible", "worst", "hate it", "very disappointed", "extremely disappointed",
                    "非常不满意", "十分不满意", "很不满意", "特别不满意", "极不满意", "太差了", "极差", "很差", "非常差",
                    "特别差", "超级差", "太烂了", "垃圾", "差评", "非常失望", "太失望了", "很失望"),
            words(Vocabulary.EFFORT, 7, "very easy", "extremely easy", "super easy", "really easy", "so easy",
                    "effortless",
                    "非常容易", "非常简单", "很容易", "很简单", "特别简单", "特别容易", "超级简单", "超简单", "太简单了",
                    "十分容易", "十分简单"),
            words(Vocabulary.EFFORT, 6, "easy", "pretty easy", "quite easy",
                    "容易", "简单", "挺简单", "挺容易", "蛮简单", "不麻烦"),
            words(Vocabulary.EFFORT, 5, "somewhat easy", "fairly easy", "mostly easy", "not hard", "not difficult",
                    "not too hard",
                    "比较容易", "比较简单", "还算容易", "还算简单", "不难", "不太难"),
            words(Vocabulary.EFFORT, 4, "neutral", "ok", "okay", "so-so", "so so", "average",
                    "一般", "一般般", "还行", "还好"),
            words(Vocabulary.EFFORT, 3, "somewhat difficult", "a bit difficult", "a little difficult", "a bit hard",
                    "a little hard", "kind of hard", "somewhat hard",
                    "有点难", "有点麻烦", "有点困难", "有些麻烦", "比较难", "比较麻烦", "不太容易", "不太简单"),
            words(Vocabulary.EFFORT, 2, "difficult", "hard", "not easy", "complicated",
                    "困难", "挺难", "麻烦", "挺麻烦", "不容易", "复杂"),
            words(Vocabulary.EFFORT, 1, "very difficult", "extremely difficult", "very hard", "really hard",
                    "really difficult", "impossible", "nightmare",
                    "非常困难", "非常难", "非常麻烦", "很难", "很麻烦", "很困难", "太难了", "太麻烦了", "特别麻烦",
                    "特别难", "超级麻烦", "十分困难", "十分麻烦"))
            .flatMap(List::stream)
            .toList();

    /** Per vocabulary, longest phrase first. Building it fails fast if a phrase appears twice in one vocabulary. */
    private static final Map<Vocabulary, List<ScaleWord>> WORDS_LONGEST_FIRST = longestFirst(SCALE_WORDS);

    private static final Set<String> SKIP_PHRASES = Stream.of("skip", "pass", "next", "skip it", "skip this",
                    "skip this one", "skip this question", "skip please", "please skip", "pls skip",
                    "跳过", "跳過", "跳过吧", "略过", "略過", "不想回答", "不想答", "不回答", "下一题", "下一個", "下一个")
            .map(AnswerParser::normalize)
            .collect(Collectors.toUnmodifiableSet());

    private static final Map<String, Integer> NUMBER_WORDS = Map.ofEntries(Map.entry("zero", 0), Map.entry("one", 1),
            Map.entry("two", 2), Map.entry("three", 3), Map.entry("four", 4), Map.entry("five", 5),
            Map.entry("six", 6), Map.entry("seven", 7), Map.entry("eight", 8), Map.entry("nine", 9),
            Map.entry("ten", 10));
    private static final String NUMBER_WORD_ALTERNATIVES = String.join("|", NUMBER_WORDS.keySet());
    private static final Pattern NUMBER_WORD =
            Pattern.compile("(?<![a-z0-9'])(" + NUMBER_WORD_ALTERNATIVES + ")(?![a-z0-9])");
    /** After these, "one" is a pronoun ("this one was great"), not a score. */
    private static final Set<String> PRONOUN_ONE_AFTER = Set.of("this", "that", "the", "which", "no", "any", "each",
            "every", "another", "some", "other", "last", "first", "next", "only", "right", "wrong", "new", "old",
            "same");
    private static final Pattern LAST_WORD = Pattern.compile("([a-z]+)\\s*$");
    private static final Pattern OF_FOLLOWS = Pattern.compile("^\\s+of(?![a-z])");

    private static final Map<Character, Integer> HAN_NUMERALS = Map.ofEntries(Map.entry('零', 0), Map.entry('〇', 0),
            Map.entry('一', 1), Map.entry('二', 2), Map.entry('两', 2), Map.entry('兩', 2), Map.entry('三', 3),
            Map.entry('四', 4), Map.entry('五', 5), Map.entry('六', 6), Map.entry('七', 7), Map.entry('八', 8),
            Map.entry('九', 9), Map.entry('十', 10), Map.entry('百', 100));
    private static final String HAN_NUMERAL_CLASS = "零〇一二两兩三四五六七八九十百";
    /** A Chinese numeral followed by one of these is a score: 九分 (points), 五星 / 五颗星 (stars). */
    private static final String SCORE_UNITS = "分星颗顆";
    /** ...unless 分 goes on as 分钟 (minutes), 分钱 (cents), 分之 (a fraction) or 百分百 (100 per cent). */
    private static final String NOT_POINTS_AFTER_FEN = "钟鐘钱錢之百";
    /** A bare Chinese numeral is a score only between non-Chinese text or next to these: 给九, 我选八, 九吧. */
    private static final String SCORE_VERBS_BEFORE = "打给給选選评評是个個就为為";
    private static final String PARTICLES_AFTER = "吧啊呀哦喔了呗唄嘛哈啦吗嗎呢哟喲";
    private static final Pattern CHINESE_TENS =
            Pattern.compile("([一二两兩三四五六七八九])?十([一二三四五六七八九])?");
    private static final Pattern CHINESE_HUNDREDS = Pattern.compile("([一二两兩三四五六七八九])?百");

    /** "满分10分": the scale's maximum, not an answer. */
    private static final Pattern FULL_MARKS_STATED =
            Pattern.compile("满分(?:是|为|為)?\\s*([0-9" + HAN_NUMERAL_CLASS + "]+)\\s*分?");
    private static final String FULL_MARKS = "满分";
    /** "on a scale of 1 to 10": the upper bound is the scale. */
    private static final Pattern SCALE_OF = Pattern.compile("scale (?:of|from) -?\\d+ ?(?:to|-) ?(\\d+)");
    /** "9/10", "9 out of 10", "9 of 10": the number after is the scale. */
    private static final Pattern OUT_OF = Pattern.compile("(?:/|(?<![a-z])out of|(?<=\\d) ?of)\\s*(\\d+)");
    private static final Pattern NUMBER = Pattern.compile("((?<![\\p{L}\\p{N}])-)?(\\d+)([.,]\\d+)?");
    /** Longer digit runs are order numbers, years or phone numbers, never scores. */
    private static final int MAX_SCORE_DIGITS = 3;

    private static final Pattern OPTION_NUMBER = Pattern.compile("(?:option|choice|number|no\\.?|#|选项|选|第)?\\s*"
            + "([0-9]{1,3}|" + NUMBER_WORD_ALTERNATIVES + "|[" + HAN_NUMERAL_CLASS + "]+)\\s*(?:个|個|项|項|号|號)?");
    /** Option names shorter than this are matched only as the whole reply: "a" would hide in every sentence. */
    private static final int MIN_MENTIONED_NAME_LENGTH = 2;

    private static final ParsedAnswer SKIP = new Skip();
    private static final ParsedAnswer AMBIGUOUS = new Ambiguous();
    private static final ParsedAnswer UNRECOGNIZED = new Unrecognized();

    /**
     * Classifies a reply to a question.
     *
     * @param question the question the customer is answering
     * @param reply    what they wrote; null reads as blank
     * @return a score within the question's scale, an option value, the text as written (trimmed), a skip, or a
     *         miss: {@link OutOfRange}, {@link Ambiguous} or {@link Unrecognized}
     */
    public ParsedAnswer parse(Question question, String reply) {
        Objects.requireNonNull(question, "question");
        String written = reply == null ? "" : reply.strip();
        String normalized = normalize(written);
        if (normalized.isEmpty()) {
            return UNRECOGNIZED;
        }
        if (SKIP_PHRASES.contains(withoutEdgeSymbols(normalized))) {
            return SKIP;
        }
        return switch (question.type()) {
            case CSAT, NPS, CES, RATING -> parseScale(question.type(), normalized);
            case CHOICE -> parseChoice(question.options(), normalized);
            case TEXT -> new Text(written);
        };
    }

    private static ParsedAnswer parseScale(QuestionType type, String reply) {
        NumberReading numbers = readNumbers(reply, type.max());
        if (numbers.fractional() || numbers.otherScale() || numbers.values().size() > 1) {
            return AMBIGUOUS;
        }
        if (numbers.values().size() == 1) {
            int given = numbers.values().iterator().next();
            return given >= type.min() && given <= type.max() ? new Score(given) : new OutOfRange(given);
        }
        Set<Integer> rated = vocabulary(type).map(vocabulary -> ratings(vocabulary, reply)).orElse(Set.of());
        if (rated.size() == 1) {
            return new Score(rated.iterator().next());
        }
        return rated.isEmpty() ? UNRECOGNIZED : AMBIGUOUS;
    }

    private static Optional<Vocabulary> vocabulary(QuestionType type) {
        return switch (type) {
            case CSAT, RATING -> Optional.of(Vocabulary.SATISFACTION);
            case CES -> Optional.of(Vocabulary.EFFORT);
            case NPS, CHOICE, TEXT -> Optional.empty();
        };
    }

    /** The scores of the scale words in a reply, scanning left to right and taking the longest phrase at each place. */
    private static Set<Integer> ratings(Vocabulary vocabulary, String reply) {
        List<ScaleWord> words = WORDS_LONGEST_FIRST.get(vocabulary);
        Set<Integer> found = new LinkedHashSet<>();
        int at = 0;
        while (at < reply.length()) {
            Optional<ScaleWord> word = wordAt(words, reply, at);
            if (word.isPresent()) {
                found.add(word.get().score());
                at += word.get().phrase().length();
            } else {
                at++;
            }
        }
        return found;
    }

    private static Optional<ScaleWord> wordAt(List<ScaleWord> words, String reply, int at) {
        for (ScaleWord word : words) {
            if (reply.startsWith(word.phrase(), at) && standsAlone(reply, at, at + word.phrase().length())) {
                return Optional.of(word);
            }
        }
        return Optional.empty();
    }

    private static ParsedAnswer parseChoice(List<ChoiceOption> options, String reply) {
        String key = withoutEdgeSymbols(reply);
        Map<ChoiceOption, Set<String>> names = new LinkedHashMap<>();
        options.forEach(option -> names.put(option, namesOf(option)));
        List<ChoiceOption> named = options.stream().filter(option -> names.get(option).contains(key)).toList();

        OptionalInt number = optionNumber(key);
        if (number.isPresent()) {
            return optionAt(options, number.getAsInt(), named);
        }
        if (!named.isEmpty()) {
            return named.size() == 1 ? new Choice(named.get(0).value()) : AMBIGUOUS;
        }
        List<ChoiceOption> mentioned = options.stream()
                .filter(option -> names.get(option).stream().anyMatch(name -> mentions(reply, name)))
                .toList();
        if (!mentioned.isEmpty()) {
            return mentioned.size() == 1 ? new Choice(mentioned.get(0).value()) : AMBIGUOUS;
        }
        NumberReading numbers = readNumbers(reply, 0); // "I'd pick 2"
        if (numbers.fractional() || numbers.values().size() > 1) {
            return AMBIGUOUS;
        }
        return numbers.values().size() == 1
                ? optionAt(options, numbers.values().iterator().next(), List.of())
                : UNRECOGNIZED;
    }

    /**
     * The option at a 1-based position, as chat channels list options numbered. When the number is also the name of
     * a different option (options "0", "1", "2", "3+"), the customer's meaning is unclear.
     */
    private static ParsedAnswer optionAt(List<ChoiceOption> options, int position, List<ChoiceOption> named) {
        Set<ChoiceOption> candidates = new LinkedHashSet<>(named);
        if (position >= 1 && position <= options.size()) {
            candidates.add(options.get(position - 1));
        }
        if (candidates.isEmpty()) {
            return new OutOfRange(position);
        }
        return candidates.size() == 1 ? new Choice(candidates.iterator().next().value()) : AMBIGUOUS;
    }

    private static Set<String> namesOf(ChoiceOption option) {
        return Stream.concat(Stream.of(option.value().replace('_', ' ').replace('-', ' ')),
                        option.label() == null ? Stream.empty() : option.label().byLocale().values().stream())
                .filter(Objects::nonNull)
                .map(name -> withoutEdgeSymbols(normalize(name)))
                .filter(name -> !name.isEmpty())
                .collect(Collectors.toUnmodifiableSet());
    }

    private static boolean mentions(String reply, String name) {
        if (name.codePointCount(0, name.length()) < MIN_MENTIONED_NAME_LENGTH) {
            return false;
        }
        for (int at = reply.indexOf(name); at >= 0; at = reply.indexOf(name, at + 1)) {
            if (standsAlone(reply, at, at + name.length())) {
                return true;
            }
        }
        return false;
    }

    private static OptionalInt optionNumber(String key) {
        Matcher matcher = OPTION_NUMBER.matcher(key);
        if (!matcher.matches()) {
            return OptionalInt.empty();
        }
        String number = matcher.group(1);
        if (Character.isDigit(number.charAt(0))) {
            return OptionalInt.of(Integer.parseInt(number));
        }
        if (NUMBER_WORDS.containsKey(number)) {
            return OptionalInt.of(NUMBER_WORDS.get(number));
        }
        List<Integer> values = chineseNumeral(number);
        return values.size() == 1 ? OptionalInt.of(values.get(0)) : OptionalInt.empty();
    }

    private record NumberReading(Set<Integer> values, boolean fractional, boolean otherScale) {
    }

    /**
     * The numbers in a reply, once the scale's own maximum ("/10", "out of 10", "满分10分") is taken out.
     *
     * @param scaleMax the question's maximum, or 0 when it has no scale
     */
    private static NumberReading readNumbers(String reply, int scaleMax) {
        List<Integer> statedMaxima = new ArrayList<>();
        String text = removeStatedScales(reply, FULL_MARKS_STATED, statedMaxima);
        if (scaleMax > 0) {
            text = text.replace(FULL_MARKS, " " + scaleMax + " "); // "给满分" gives the maximum
        }
        text = englishNumberWordsAsDigits(chineseNumeralsAsDigits(text));
        text = removeStatedScales(text, SCALE_OF, statedMaxima);
        text = removeStatedScales(text, OUT_OF, statedMaxima);

        Set<Integer> values = new LinkedHashSet<>();
        boolean fractional = false;
        Matcher number = NUMBER.matcher(text);
        while (number.find()) {
            if (number.group(2).length() > MAX_SCORE_DIGITS) {
                continue;
            }
            values.add(Integer.parseInt(number.group(2)) * (number.group(1) == null ? 1 : -1));
            fractional |= number.group(3) != null;
        }
        boolean otherScale = statedMaxima.stream().anyMatch(max -> max != scaleMax);
        return new NumberReading(values, fractional, otherScale);
    }

    private static String removeStatedScales(String text, Pattern scale, List<Integer> statedMaxima) {
        Matcher matcher = scale.matcher(text);
        StringBuilder out = new StringBuilder();
        while (matcher.find()) {
            String max = matcher.group(1);
            List<Integer> values = Character.isDigit(max.charAt(0))
                    ? max.length() <= MAX_SCORE_DIGITS ? List.of(Integer.parseInt(max)) : List.of()
                    : chineseNumeral(max);
            statedMaxima.add(values.size() == 1 ? values.get(0) : -1);
            matcher.appendReplacement(out, " ");
        }
        matcher.appendTail(out);
        return out.toString();
    }

    /**
     * Rewrites the Chinese numerals that are scores as digits, and leaves the ones inside words alone: 一般
     * (average), 一次 (once), 第一 (first), 十分满意 (very satisfied), 十分钟 (ten minutes).
     */
    private static String chineseNumeralsAsDigits(String text) {
        StringBuilder out = new StringBuilder();
        int at = 0;
        while (at < text.length()) {
            if (!HAN_NUMERALS.containsKey(text.charAt(at))) {
                out.append(text.charAt(at++));
                continue;
            }
            int end = at;
            while (end < text.length() && HAN_NUMERALS.containsKey(text.charAt(end))) {
                end++;
            }
            String run = text.substring(at, end);
            if (isChineseScore(text, at, end)) {
                out.append(' ');
                chineseNumeral(run).forEach(value -> out.append(value).append(' '));
            } else {
                out.append(run);
            }
            at = end;
        }
        return out.toString();
    }

    private static boolean isChineseScore(String text, int start, int end) {
        char before = start > 0 ? text.charAt(start - 1) : ' ';
        char after = end < text.length() ? text.charAt(end) : ' ';
        char afterUnit = end + 1 < text.length() ? text.charAt(end + 1) : ' ';
        if (SCORE_UNITS.indexOf(after) >= 0) {
            if (after == '分' && NOT_POINTS_AFTER_FEN.indexOf(afterUnit) >= 0) {
                return false;
            }
            boolean tenAsVery = text.substring(start, end).equals("十") && after == '分' && isHan(afterUnit)
                    && PARTICLES_AFTER.indexOf(afterUnit) < 0;
            return !tenAsVery;
        }
        return (!isHan(before) || SCORE_VERBS_BEFORE.indexOf(before) >= 0)
                && (!isHan(after) || PARTICLES_AFTER.indexOf(after) >= 0);
    }

    /**
     * The value of a Chinese numeral up to 百; a run of plain digits ("七八", "seven or eight") gives each one,
     * which the caller reads as ambiguous.
     */
    private static List<Integer> chineseNumeral(String run) {
        Matcher tens = CHINESE_TENS.matcher(run);
        if (tens.matches()) {
            int high = tens.group(1) == null ? 1 : HAN_NUMERALS.get(tens.group(1).charAt(0));
            int low = tens.group(2) == null ? 0 : HAN_NUMERALS.get(tens.group(2).charAt(0));
            return List.of(high * 10 + low);
        }
        Matcher hundreds = CHINESE_HUNDREDS.matcher(run);
        if (hundreds.matches()) {
            return List.of(hundreds.group(1) == null ? 100 : HAN_NUMERALS.get(hundreds.group(1).charAt(0)) * 100);
        }
        return run.chars().mapToObj(c -> HAN_NUMERALS.get((char) c)).toList();
    }

    private static String englishNumberWordsAsDigits(String text) {
        Matcher word = NUMBER_WORD.matcher(text);
        StringBuilder out = new StringBuilder();
        while (word.find()) {
            String replacement = word.group(1).equals("one") && isPronounOne(text, word.start(), word.end())
                    ? word.group(1)
                    : " " + NUMBER_WORDS.get(word.group(1)) + " ";
            word.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        word.appendTail(out);
        return out.toString();
    }

    private static boolean isPronounOne(String text, int start, int end) {
        Matcher before = LAST_WORD.matcher(text.substring(0, start));
        return (before.find() && PRONOUN_ONE_AFTER.contains(before.group(1)))
                || OF_FOLLOWS.matcher(text.substring(end)).find(); // "one of the best"
    }

    /** English phrases must not be part of a longer word ("ok" in "book"); Chinese has no word breaks to check. */
    private static boolean standsAlone(String text, int start, int end) {
        boolean latinStart = isAsciiLetterOrDigit(text.charAt(start));
        boolean latinEnd = isAsciiLetterOrDigit(text.charAt(end - 1));
        return !(latinStart && start > 0 && isAsciiLetterOrDigit(text.charAt(start - 1)))
                && !(latinEnd && end < text.length() && isAsciiLetterOrDigit(text.charAt(end)));
    }

    private static boolean isAsciiLetterOrDigit(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    }

    private static boolean isHan(char c) {
        return Character.UnicodeScript.of(c) == Character.UnicodeScript.HAN;
    }

    /** Full-width digits and letters to ASCII, curly apostrophes to straight ones, lower case, single spaces. */
    private static String normalize(String text) {
        String folded = Normalizer.normalize(text, Normalizer.Form.NFKC)
                .replace('\u2019', '\'')
                .replace('\u2018', '\'')
                .replace('\u2212', '-')
                .toLowerCase(Locale.ROOT);
        return SPACES.matcher(folded).replaceAll(" ").strip();
    }

    private static String withoutEdgeSymbols(String text) {
        return EDGE_SYMBOLS.matcher(text).replaceAll("");
    }

    private static List<ScaleWord> words(Vocabulary vocabulary, int score, String... phrases) {
        return Arrays.stream(phrases).map(phrase -> new ScaleWord(vocabulary, score, normalize(phrase))).toList();
    }

    private static Map<Vocabulary, List<ScaleWord>> longestFirst(List<ScaleWord> table) {
        Map<Vocabulary, List<ScaleWord>> byVocabulary = new EnumMap<>(Vocabulary.class);
        for (Vocabulary vocabulary : Vocabulary.values()) {
            Map<String, ScaleWord> unique = table.stream()
                    .filter(word -> word.vocabulary() == vocabulary)
                    .collect(toUnmodifiableMap(ScaleWord::phrase, Function.identity()));
            byVocabulary.put(vocabulary, unique.values().stream()
                    .sorted(Comparator.comparingInt((ScaleWord word) -> word.phrase().length()).reversed()
                            .thenComparing(ScaleWord::phrase))
                    .toList());
        }
        return Map.copyOf(byVocabulary);
    }
}

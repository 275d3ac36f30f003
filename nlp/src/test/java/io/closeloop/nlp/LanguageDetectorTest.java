package io.closeloop.nlp;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class LanguageDetectorTest {

    @ParameterizedTest
    @ValueSource(strings = {
            "The delivery was quick and the food was still hot",
            "Courier left the parcel in the rain.",
            "ok",
            "OK",
            "thx",
            "meh",
            "Great!!!",
            "Never again",
            "Refund please",
            "Checkout kept crashing",
            "I ordered 奶茶 but got coffee instead, really disappointing"
    })
    void englishFeedbackIsEnglish(String text) {
        assertThat(LanguageDetector.detect(text)).isEqualTo(Language.EN);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "好",
            "送餐很快，味道也不错",
            "客服态度太差了！",
            "App闪退了",
            "iPhone很好用",
            "vivo手机充电很快",
            "这个bug修好了吗",
            "外卖到了，5星好评",
            "點餐很方便，服務也好"
    })
    void chineseFeedbackIsChineseEvenWithLatinBrandNames(String text) {
        assertThat(LanguageDetector.detect(text)).isEqualTo(Language.ZH);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "配達がとても遅かったです",
            "アプリが使いにくい",
            "美味しかったです！",
            "배송이 너무 늦어요",
            "음식이 맛있어요",
            "La livraison était très lente",
            "Très déçu, le colis est arrivé abîmé",
            "El pedido llegó tarde y frío",
            "Die Lieferung war zu spät, schade für das Essen"
    })
    void japaneseKoreanAndAccentedLatinLanguagesAreOther(String text) {
        assertThat(LanguageDetector.detect(text)).isEqualTo(Language.OTHER);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "La commande a été livrée en retard",
            "Le livreur a été très aimable, merci",
            "No me gustó, llegó frío"
    })
    void accentedTextIsOtherEvenWithAWordThatIsAlsoEnglish(String text) {
        // "a", "no" and "me" are French or Spanish words too.
        assertThat(LanguageDetector.detect(text)).isEqualTo(Language.OTHER);
    }

    @ParameterizedTest
    @ValueSource(strings = {"The café was great", "Loved the crème brûlée, great service", "Ordered a jalapeño burger, it was cold"})
    void englishWithAForeignWordIsStillEnglish(String text) {
        assertThat(LanguageDetector.detect(text)).isEqualTo(Language.EN);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   ", "9", "10", "123 456", "👍", "😡😡😡", "👍👍 !!", "...", "?!"})
    void textWithoutLettersOfAnyScriptIsOther(String text) {
        assertThat(LanguageDetector.detect(text)).isEqualTo(Language.OTHER);
    }
}

package io.closeloop.channels.sms;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.NodeList;

class TwiMLTest {

    private static final String DECLARATION = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>";

    @Test
    void answersNothingWithAnEmptyResponse() {
        assertThat(TwiML.empty()).isEqualTo(DECLARATION + "<Response/>");
        assertThat(TwiML.messages(List.of())).isEqualTo(TwiML.empty());
    }

    @Test
    void wrapsOneTextInAMessageBody() {
        assertThat(TwiML.messages("Thanks! How was your delivery? Reply 1-5"))
                .isEqualTo(DECLARATION
                        + "<Response><Message><Body>Thanks! How was your delivery? Reply 1-5</Body></Message></Response>");
    }

    @Test
    void escapesMarkupAndQuotes() {
        assertThat(TwiML.messages("Tom & Jerry's <b>\"great\"</b> > 4"))
                .isEqualTo(DECLARATION + "<Response><Message><Body>"
                        + "Tom &amp; Jerry&apos;s &lt;b&gt;&quot;great&quot;&lt;/b&gt; &gt; 4"
                        + "</Body></Message></Response>");
    }

    @Test
    void dropsCharactersXmlCannotCarryAndKeepsChineseAndEmoji() throws Exception {
        String text = "谢谢\u0000 您的\u0007反馈 👍🏽\u000B\uFFFE\uD800!\nBye\tnow";

        String twiml = TwiML.messages(text);

        assertThat(twiml).contains("<Body>谢谢 您的反馈 👍🏽!\nBye\tnow</Body>");
        assertThat(parsedBodies(twiml)).containsExactly("谢谢 您的反馈 👍🏽!\nBye\tnow");
    }

    @Test
    void sendsSeveralMessagesInOrderAndSkipsBlankOnes() throws Exception {
        List<String> texts = new ArrayList<>();
        texts.add("First <1>");
        texts.add(null);
        texts.add("  ");
        texts.add("\u0001");
        texts.add("Second & last");

        String twiml = TwiML.messages(texts);

        assertThat(parsedBodies(twiml)).containsExactly("First <1>", "Second & last");
        assertThat(TwiML.messages(" ", "\u0002")).isEqualTo(TwiML.empty());
    }

    @Test
    void producesWellFormedXmlForAwkwardText() throws Exception {
        String awkward = "]]> <![CDATA[ x ]]> &amp; &#0; \"'<>&";

        assertThat(parsedBodies(TwiML.messages(awkward))).containsExactly(awkward);
    }

    private static List<String> parsedBodies(String twiml) throws Exception {
        Document document = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new ByteArrayInputStream(twiml.getBytes(StandardCharsets.UTF_8)));
        assertThat(document.getDocumentElement().getTagName()).isEqualTo("Response");
        NodeList bodies = document.getElementsByTagName("Body");
        List<String> texts = new ArrayList<>();
        for (int i = 0; i < bodies.getLength(); i++) {
            texts.add(bodies.item(i).getTextContent());
        }
        return texts;
    }
}

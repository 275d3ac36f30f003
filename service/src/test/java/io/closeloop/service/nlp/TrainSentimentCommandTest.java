package io.closeloop.service.nlp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.closeloop.nlp.sentiment.ChineseSentimentModel;
import io.closeloop.nlp.sentiment.LabelledText;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import net.sourceforge.argparse4j.inf.Namespace;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainSentimentCommandTest {

    @TempDir
    Path dir;

    @Test
    void trainsAModelFromABusinessesOwnFileThatTheServiceCanLoad() throws Exception {
        StringBuilder csv = new StringBuilder("text,label\n");
        String[] praise = {"洗车很干净", "师傅手艺好", "打蜡很亮", "价格公道", "服务周到", "速度快", "内饰清理得很仔细", "下次还来"};
        String[] complaints = {"车没洗干净", "划伤了车漆", "等了两个小时", "收费太贵", "态度很差", "玻璃上全是水印", "座椅弄脏了", "再也不来了"};
        for (int round = 0; round < 4; round++) {
            for (String p : praise) {
                csv.append(p).append(round == 0 ? "" : "！".repeat(round)).append(",1\n");
            }
            for (String c : complaints) {
                csv.append(c).append(round == 0 ? "" : "。".repeat(round)).append(",0\n");
            }
        }
        Path input = dir.resolve("carwash.csv");
        Files.writeString(input, csv, StandardCharsets.UTF_8);
        Path output = dir.resolve("carwash.ser.gz");

        new TrainSentimentCommand().run(null, namespace(input, output, true));

        ChineseSentimentModel model = ChineseSentimentModel.read(output);
        assertThat(model.trainingLines()).isGreaterThan(64);
        assertThat(model.predict("车漆被划伤了")).isEqualTo(LabelledText.Polarity.NEGATIVE);
        assertThat(model.predict("师傅很仔细，洗得干净")).isEqualTo(LabelledText.Polarity.POSITIVE);
    }

    @Test
    void aBadFileNamesTheLineAndWritesNothing() {
        Path input = dir.resolve("bad.csv");
        Path output = dir.resolve("bad.ser.gz");
        assertThatThrownBy(() -> {
            Files.writeString(input, "label,text\npositive,好\nmaybe,一般\n", StandardCharsets.UTF_8);
            new TrainSentimentCommand().run(null, namespace(input, output, false));
        }).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("line 3").hasMessageContaining("maybe");
        assertThat(output).doesNotExist();
    }

    private static Namespace namespace(Path input, Path output, boolean withDefault) {
        Map<String, Object> attributes = new HashMap<>();
        attributes.put("input", input.toString());
        attributes.put("output", output.toString());
        attributes.put("with_default_corpus", withDefault);
        attributes.put("holdout", 0.1);
        return new Namespace(attributes);
    }
}

package org.hutong.identity.internal.match;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.time.LocalDate;
import java.util.List;
import org.hutong.identity.LabelledRecord;
import org.hutong.identity.MatchSettings;
import org.hutong.identity.PersonRecord;
import org.hutong.identity.SmallPopulation;
import org.junit.jupiter.api.Test;

/** The online index's model: trained from records, written, read back the same; a damaged file is refused. */
class TrainedModelTest {

  private static final LocalDate TODAY = LocalDate.of(2026, 11, 23);

  @Test
  void aWrittenModelReadsBackWithTheSameParametersAndScoresAlike() throws IOException {
    List<PersonRecord> records = SmallPopulation.generate(400, 11).stream().map(LabelledRecord::record).toList();
    TrainedModel model = TrainedModel.train(records, MatchSettings.defaults(), TODAY);
    StringWriter text = new StringWriter();
    model.write(text);
    TrainedModel read = TrainedModel.read(new StringReader(text.toString()));
    assertThat(read.describe()).isEqualTo(model.describe());

    OnlineMatcher before = new OnlineMatcher(model, MatchSettings.defaults());
    OnlineMatcher after = new OnlineMatcher(read, MatchSettings.defaults());
    for (int i = 0; i + 1 < 40; i++) {
      var a = before.prepare(records.get(i), TODAY);
      var b = before.prepare(records.get(i + 1), TODAY);
      assertThat(after.score(a, b).weight()).isCloseTo(before.score(a, b).weight(), org.assertj.core.data.Offset.offset(1e-9));
    }
  }

  @Test
  void aDamagedModelFileIsRefusedWithAReason() throws IOException {
    List<PersonRecord> records = SmallPopulation.generate(200, 3).stream().map(LabelledRecord::record).toList();
    StringWriter text = new StringWriter();
    TrainedModel.train(records, MatchSettings.defaults(), TODAY).write(text);
    String good = text.toString();
    assertThatThrownBy(() -> TrainedModel.read(new StringReader(good.replaceAll("(?m)^lambda=.*$", ""))))
        .isInstanceOf(IOException.class).hasMessageContaining("lambda");
    assertThatThrownBy(() -> TrainedModel.read(new StringReader(good.replaceAll("(?m)^m\\.sex=.*$", "m.sex=0.5"))))
        .isInstanceOf(IOException.class).hasMessageContaining("levels");
    assertThatThrownBy(() -> TrainedModel.read(new StringReader(good.replaceAll("(?m)^u\\.sex=.*$", "u.sex=0.5,1.5"))))
        .isInstanceOf(IOException.class).hasMessageContaining("between 0 and 1");
  }
}

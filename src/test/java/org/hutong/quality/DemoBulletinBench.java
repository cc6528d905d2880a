package org.hutong.quality;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import org.hutong.testing.RunningPlatform;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The bulletin of the demo region, as the demo regulator (nhc.sun) sees it, saved to
 * {@code target/quality/demo-bulletin.html} for a look in a browser. Opt-in ({@code
 * -Dquality.bench=true}): it loads the whole demo region.
 */
class DemoBulletinBench {

  @TempDir Path home;

  @Test
  void theDemoRegionsBulletin() throws Exception {
    Assumptions.assumeTrue(Boolean.getBoolean("quality.bench"), "opt-in: -Dquality.bench=true");
    try (ConfigurableApplicationContext demo = RunningPlatform.start(home, "--hutong.demo.enabled=true")) {
      String server = RunningPlatform.serverUrl(demo);
      HttpResponse<String> page = QualityHttp.session(server, "nhc.sun", "hutong-demo").get(server, "/quality/bulletin", "text/html");
      assertThat(page.statusCode()).isEqualTo(200);
      assertThat(page.body()).contains("北京市第一人民医院", "朝阳区社区卫生服务中心");
      Path out = Path.of("target/quality/demo-bulletin.html");
      Files.createDirectories(out.getParent());
      Files.writeString(out, page.body());
      String cards = QualityHttp.bearer(RunningPlatform.adminToken(demo)).get(server, "/api/quality/scorecards", "application/json").body();
      Files.writeString(Path.of("target/quality/demo-scorecards.json"), cards);
    }
  }
}

package org.hutong.quality;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Set;
import org.hl7.fhir.r4.model.Organization;
import org.hl7.fhir.r4.model.Patient;
import org.hutong.access.Accounts;
import org.hutong.access.Role;
import org.hutong.testing.Browser;
import org.hutong.testing.RunningPlatform;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The monthly bulletin as a regulator sees it, in a real browser: log in through the form, open
 * the bulletin, and wait for its three ECharts charts to draw. (The first run of this test found
 * that the page's inline script and style never ran under the platform's Content-Security-Policy:
 * they are static files now.)
 */
class BulletinBrowserTest {

  @Test
  void aRegulatorLogsInAndSeesTheBulletinWithItsCharts() throws Exception {
    var platform = RunningPlatform.shared();
    String name = "京西医院" + RunningPlatform.unique("").substring(0, 6);
    Organization hospital = new Organization().setName(name);
    String org = RunningPlatform.fhir().create().resource(hospital).execute().getId().getIdPart();
    var his = RunningPlatform.fhir(platform, RunningPlatform.clientToken(platform, RunningPlatform.unique("his"), Role.INSTITUTION_SYSTEM, org, "system/*.cruds"));
    his.create().resource(new Patient().addName(new org.hl7.fhir.r4.model.HumanName().setFamily("赵").addGiven("敏"))).execute(); // no gender, no birth date
    String user = RunningPlatform.unique("regulator");
    platform.getBean(Accounts.class).enrolPerson(user, "bulletin-test-1", Role.REGULATOR, null, Set.of(), "监管员");

    WebDriver browser = Browser.open();
    try {
      String server = RunningPlatform.serverUrl(platform);
      browser.get(server + "/quality/bulletin");
      assertThat(browser.getCurrentUrl()).contains("/login");
      browser.findElement(By.name("username")).sendKeys(user);
      browser.findElement(By.name("password")).sendKeys("bulletin-test-1");
      browser.findElement(By.cssSelector("button[type=submit], input[type=submit]")).click();
      new WebDriverWait(browser, Duration.ofSeconds(30)).until(d -> d.getTitle().contains("数据质量月度通报"));
      new WebDriverWait(browser, Duration.ofSeconds(30))
          .until(d -> d.findElements(By.cssSelector("#scoreChart canvas, #ruleChart canvas, #trendChart canvas")).size() >= 3);
      assertThat(browser.findElement(By.tagName("body")).getText()).contains(name).contains("PAT-COMP-003");
      Thread.sleep(1500); // the bars grow in for a second: let the screenshot show them whole
      assertThat(Browser.screenshot(browser, "quality-bulletin")).exists();
    } finally {
      browser.quit();
    }
  }
}

package org.hutong.quality;

import java.time.ZoneId;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of data quality (docs/data-quality.md).
 *
 * @param enabled whether records are assessed as they are written (off: no findings, no refusals)
 * @param zone the time zone whose calendar months scorecards and bulletins count in
 * @param refuseFatal whether findings of severity fatal refuse the write (422); when false they are
 *     stored like errors
 * @param topRules how many of the most failed rules a scorecard lists
 */
@ConfigurationProperties("hutong.quality")
public record QualityProperties(
    @DefaultValue("true") boolean enabled,
    @DefaultValue("Asia/Shanghai") ZoneId zone, @DefaultValue("true") boolean refuseFatal, @DefaultValue("10") int topRules) {}

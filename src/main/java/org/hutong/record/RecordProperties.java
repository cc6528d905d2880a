package org.hutong.record;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the clinical data repository and its FHIR API.
 *
 * @param maxBodyBytes the largest request body accepted (413 above it)
 * @param defaultPageSize search results per page when the client does not say
 * @param maxPageSize the most results per page a client may ask for with {@code _count}
 * @param everythingPageSize resources per page of {@code Patient/$everything} by default
 * @param keepSearchResults how long paging links of a search keep working
 */
@ConfigurationProperties("hutong.fhir")
public record RecordProperties(
    @DefaultValue("67108864") long maxBodyBytes,
    @DefaultValue("20") int defaultPageSize,
    @DefaultValue("2000") int maxPageSize,
    @DefaultValue("2000") int everythingPageSize,
    @DefaultValue("PT1H") Duration keepSearchResults) {}

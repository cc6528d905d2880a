package org.hutong.intake.internal;

import ca.uhn.hl7v2.DefaultHapiContext;
import ca.uhn.hl7v2.HapiContext;
import ca.uhn.hl7v2.parser.CanonicalModelClassFactory;
import ca.uhn.hl7v2.parser.PipeParser;
import ca.uhn.hl7v2.validation.impl.ValidationContextFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Instant;
import javax.sql.DataSource;
import org.hutong.access.PersonalIdentifiers;
import org.hutong.intake.IntakeProperties;
import org.hutong.intake.MessageIntake;
import org.hutong.intake.internal.mllp.MllpServer;
import org.hutong.intake.internal.v2.V2Mapping;
import org.hutong.record.ClinicalRecords;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(IntakeProperties.class)
class IntakeConfiguration {

  /**
   * Every HL7 v2 version up to 2.5.1 read into the 2.5.1 structures; HAPI's own validation is off
   * because the mapping checks what it uses and names the field (a realistic feed has oddities in
   * fields nobody reads).
   */
  @Bean
  PipeParser hl7Parser() {
    HapiContext context = new DefaultHapiContext();
    context.setModelClassFactory(new CanonicalModelClassFactory("2.5.1"));
    context.setValidationContext(ValidationContextFactory.noValidation());
    return context.getPipeParser();
  }

  @Bean
  MessageArchive messageArchive(DataSource dataSource, PersonalIdentifiers vault) {
    return new MessageArchive(new JdbcTemplate(dataSource), vault);
  }

  @Bean
  MessageHandler messageHandler(
      IntakeProperties properties, PipeParser hl7Parser, ClinicalRecords records, MessageArchive archive, TransactionTemplate tx, DataSource dataSource) {
    return new MessageHandler(properties, hl7Parser, new V2Mapping(), records, archive, tx, new JdbcTemplate(dataSource), Clock.systemUTC());
  }

  @Bean
  Listener mllpListener(IntakeProperties properties, MessageHandler handler, MessageArchive archive) {
    return new Listener(properties, handler, archive);
  }

  /**
   * The MLLP listener as part of the application's life: it opens once everything else is up (the
   * last phase) and closes first, letting messages in hand finish and be acknowledged.
   */
  static final class Listener implements SmartLifecycle, MessageIntake {
    private final IntakeProperties properties;
    private final MessageHandler handler;
    private final MessageArchive archive;
    private volatile MllpServer server;

    Listener(IntakeProperties properties, MessageHandler handler, MessageArchive archive) {
      this.properties = properties;
      this.handler = handler;
      this.archive = archive;
    }

    @Override
    public void start() {
      if (!properties.enabled()) {
        return;
      }
      MllpServer s = new MllpServer(handler, properties.maxMessageBytes(), properties.maxConnections(), properties.idleTimeout());
      try {
        s.start(properties.bindAddress(), properties.port());
      } catch (IOException e) {
        throw new UncheckedIOException("Cannot listen for MLLP on port " + properties.port(), e);
      }
      server = s;
    }

    @Override
    public void stop() {
      MllpServer s = server;
      server = null;
      if (s != null) {
        s.close();
      }
    }

    @Override
    public boolean isRunning() {
      return server != null;
    }

    @Override
    public int getPhase() {
      return Integer.MAX_VALUE - 100;
    }

    @Override
    public int port() {
      MllpServer s = server;
      return s == null ? -1 : s.port();
    }

    @Override
    public long receivedSince(Instant since) {
      return archive.receivedSince(since);
    }
  }
}

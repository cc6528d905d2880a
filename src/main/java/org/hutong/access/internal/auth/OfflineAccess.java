package org.hutong.access.internal.auth;

import javax.sql.DataSource;
import org.hutong.access.AccessProperties;
import org.hutong.access.Accounts;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.oauth2.server.authorization.client.JdbcRegisteredClientRepository;

/** Accounts over a database opened by a command, without the running application. */
public final class OfflineAccess {

  private OfflineAccess() {}

  public static Accounts accounts(DataSource dataSource, AccessProperties properties) {
    JdbcTemplate jdbc = new JdbcTemplate(new SchemaScopedDataSource(dataSource));
    return new JdbcAccounts(jdbc, new JdbcRegisteredClientRepository(jdbc), PasswordEncoderFactories.createDelegatingPasswordEncoder(), properties);
  }
}

package org.hutong;

import org.junit.jupiter.api.Test;
import org.springframework.modulith.core.ApplicationModules;

/** The module boundaries hold: no module reaches into another's internals, no cycles. */
class ModuleStructureTest {

  @Test
  void modulesRespectTheirBoundaries() {
    ApplicationModules.of(Hutong.class).verify();
  }
}

package org.hutong.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Command-line arguments: positional words and {@code --name=value} options. */
final class Options {

  final List<String> positional = new ArrayList<>();
  private final Map<String, String> named = new LinkedHashMap<>();

  /**
   * Joins {@code --name value} pairs into {@code --name=value} for the options that take a value,
   * so commands accept both spellings.
   */
  static String[] joined(String[] args, Set<String> valued) {
    java.util.List<String> out = new java.util.ArrayList<>();
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      if (arg.startsWith("--") && arg.indexOf('=') < 0 && valued.contains(arg.substring(2)) && i + 1 < args.length
          && !args[i + 1].startsWith("--")) {
        out.add(arg + "=" + args[++i]);
      } else {
        out.add(arg);
      }
    }
    return out.toArray(String[]::new);
  }

  Options(String[] args, Set<String> known) {
    for (String arg : args) {
      if (arg.startsWith("--")) {
        int eq = arg.indexOf('=');
        String name = eq < 0 ? arg.substring(2) : arg.substring(2, eq);
        if (!known.contains(name)) {
          throw new IllegalArgumentException("Unknown option --" + name + " (known: --" + String.join(", --", known) + ")");
        }
        named.put(name, eq < 0 ? "true" : arg.substring(eq + 1));
      } else {
        positional.add(arg);
      }
    }
  }

  String get(String name, String fallback) {
    return named.getOrDefault(name, fallback);
  }

  int getInt(String name, int fallback, int min) {
    String value = named.get(name);
    if (value == null) {
      return fallback;
    }
    try {
      int n = Integer.parseInt(value);
      if (n < min) {
        throw new IllegalArgumentException("--" + name + " must be at least " + min);
      }
      return n;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("--" + name + " must be a whole number, not '" + value + "'");
    }
  }

  boolean has(String name) {
    return named.containsKey(name);
  }
}

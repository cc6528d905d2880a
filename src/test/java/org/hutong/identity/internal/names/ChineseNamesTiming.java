package org.hutong.identity.internal.names;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Not an assertion: prints how long folding takes per name, so the figure in
 * docs/identity-synthetic.md can be checked again ({@code -Dtest=ChineseNamesTiming}).
 */
class ChineseNamesTiming {

  @Test
  void printsNanosecondsPerCall() {
    List<String[]> names = List.of(new String[] {"張", "偉"}, new String[] {"欧阳", "娜娜"}, new String[] {"Zhang Wei", ""},
        new String[] {"", "阿依古丽·买买提"}, new String[] {"王", "秀英"}, new String[] {"zhangwei", ""});
    long sink = 0;
    for (int round = 0; round < 3; round++) {
      int calls = 300_000;
      long start = System.nanoTime();
      for (int i = 0; i < calls; i++) {
        String[] n = names.get(i % names.size());
        sink += ChineseNames.parse(n[0], n[1]).key().length();
      }
      long parse = (System.nanoTime() - start) / calls;
      start = System.nanoTime();
      for (int i = 0; i < calls; i++) {
        sink += ChineseNames.homophoneKey(names.get(i % names.size())[0]).length();
      }
      long key = (System.nanoTime() - start) / calls;
      System.out.printf("ChineseNames: parse %d ns/call, homophoneKey %d ns/call (%d)%n", parse, key, sink);
    }
  }
}

package org.hutong.identity.internal.evaluation;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.hutong.identity.Finding;
import org.hutong.identity.IdType;
import org.hutong.identity.LabelledRecord;
import org.hutong.identity.MalformedRecordException;
import org.hutong.identity.PersonRecord;
import org.hutong.identity.Sex;

/**
 * Reads FEBRL benchmark files: {@code rec_id, given_name, surname, street_number, address_1,
 * address_2, suburb, postcode, state, date_of_birth, soc_sec_id}, comma + space separated. The
 * address parts are joined into one address, the birth date is {@code YYYYMMDD}, and the social
 * security number becomes an identifier of type other. The file name is the source.
 */
public final class FebrlFile {

  private static final Pattern RECORD_ID = Pattern.compile("rec-(\\d+)-(org|dup-\\d+)");
  /** FEBRL was generated long before any evaluation day; the date only bounds birth dates. */
  private static final LocalDate LATEST_BIRTH = LocalDate.of(2100, 1, 1);

  public List<LabelledRecord> read(List<Path> paths) throws IOException {
    List<LabelledRecord> records = new ArrayList<>();
    for (Path path : paths) {
      String file = path.getFileName().toString();
      try (BufferedReader reader = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
        String header = reader.readLine();
        if (header == null || !header.startsWith("rec_id")) {
          throw new MalformedRecordException(file, 1, "expected the FEBRL header starting with rec_id");
        }
        int line = 1;
        for (String text = reader.readLine(); text != null; text = reader.readLine()) {
          line++;
          if (!text.isBlank()) {
            records.add(record(file, line, text));
          }
        }
      }
    }
    return records;
  }

  LabelledRecord record(String file, int line, String text) {
    String[] f = text.split(",", -1);
    if (f.length != 11) {
      throw new MalformedRecordException(file, line, "expected 11 fields, found " + f.length);
    }
    List<Finding> findings = new ArrayList<>();
    String recordId = f[0].strip();
    Matcher id = RECORD_ID.matcher(recordId);
    if (!id.matches()) {
      throw new MalformedRecordException(file, line, "record id '" + abbreviated(recordId) + "' is not rec-N-org or rec-N-dup-K");
    }
    List<String> parts = new ArrayList<>();
    for (int k = 3; k <= 8; k++) {
      String part = Values.text(f[k], "address", findings);
      if (part != null) {
        parts.add(part);
      }
    }
    String dob = Values.text(f[9], "date_of_birth", findings);
    LocalDate birth = null;
    if (dob != null && dob.matches("\\d{8}")) {
      birth = Values.date(dob.substring(0, 4), dob.substring(4, 6), dob.substring(6, 8), dob, "date_of_birth", LATEST_BIRTH, findings);
    } else if (dob != null) {
      findings.add(new Finding("date_of_birth", "impossible-date", "'" + dob + "' is not YYYYMMDD"));
    }
    String ssn = Values.text(f[10], "soc_sec_id", findings);
    PersonRecord record = new PersonRecord(recordId, file, Values.text(f[2], "surname", findings),
        Values.text(f[1], "given_name", findings), Sex.UNKNOWN, birth, ssn == null ? null : IdType.OTHER, ssn, null,
        parts.isEmpty() ? null : String.join(" ", parts), findings);
    return new LabelledRecord(record, id.group(1));
  }

  private static String abbreviated(String s) {
    return s.length() > 40 ? s.substring(0, 40) + "…" : s;
  }
}

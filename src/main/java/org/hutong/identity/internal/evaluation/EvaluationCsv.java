package org.hutong.identity.internal.evaluation;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.hutong.identity.Finding;
import org.hutong.identity.IdType;
import org.hutong.identity.LabelledRecord;
import org.hutong.identity.MalformedRecordException;
import org.hutong.identity.PersonRecord;
import org.hutong.identity.ResidentId;
import org.hutong.identity.Sex;

/** Reads the Hutong evaluation CSV (see {@link org.hutong.identity.EvaluationData#readCsv}). */
public final class EvaluationCsv {

  public static final int MAX_VALUE_LENGTH = Values.MAX_VALUE_LENGTH;
  static final List<String> COLUMNS = List.of(
      "record_id", "person_id", "source", "family_name", "given_name", "sex", "birth_date", "id_type", "id_number", "phone", "address");

  private final LocalDate today;

  public EvaluationCsv(LocalDate today) {
    this.today = today;
  }

  public List<LabelledRecord> read(Path path) throws IOException {
    String file = path.getFileName().toString();
    List<LabelledRecord> records = new ArrayList<>();
    try (BufferedReader reader = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
      CsvRows rows = new CsvRows(reader, file);
      CsvRows.Row header = rows.next();
      if (header == null) {
        throw new MalformedRecordException(file, 1, "the file is empty; expected the header " + String.join(",", COLUMNS));
      }
      List<String> names = header.fields().stream().map(s -> s.strip().replace("\uFEFF", "").toLowerCase(Locale.ROOT)).toList();
      if (!names.equals(COLUMNS)) {
        throw new MalformedRecordException(file, header.line(), "expected the header " + String.join(",", COLUMNS));
      }
      Set<String> ids = new HashSet<>();
      for (CsvRows.Row row = rows.next(); row != null; row = rows.next()) {
        LabelledRecord record = record(file, row);
        if (!ids.add(record.record().recordId())) {
          throw new MalformedRecordException(file, row.line(), "record_id " + record.record().recordId() + " appears twice");
        }
        records.add(record);
      }
    }
    return records;
  }

  LabelledRecord record(String file, CsvRows.Row row) {
    List<String> f = row.fields();
    if (f.size() != COLUMNS.size()) {
      throw new MalformedRecordException(file, row.line(), "expected " + COLUMNS.size() + " fields, found " + f.size());
    }
    List<Finding> findings = new ArrayList<>();
    String recordId = Values.text(f.get(0), "record_id", findings);
    String personId = Values.text(f.get(1), "person_id", findings);
    if (recordId == null || personId == null) {
      throw new MalformedRecordException(file, row.line(), "record_id and person_id must be present (at most " + MAX_VALUE_LENGTH + " characters)");
    }
    String source = Values.text(f.get(2), "source", findings);
    Sex sex = sex(Values.text(f.get(5), "sex", findings), findings);
    LocalDate birth = birthDate(Values.text(f.get(6), "birth_date", findings), findings);
    IdType idType = idType(Values.text(f.get(7), "id_type", findings), findings);
    String idNumber = Values.text(f.get(8), "id_number", findings);
    if (idType == IdType.RESIDENT_ID && idNumber != null) {
      switch (ResidentId.validate(idNumber, today)) {
        case ResidentId.Invalid(Finding finding) -> findings.add(finding);
        case ResidentId.Valid(ResidentId id) when !id.agreesWith(sex, birth) -> findings.add(new Finding(
            "id_number", "resident-id-contradicts-record", "the resident ID's sex or birth date differs from the record's"));
        case ResidentId.Valid v -> { }
      }
    }
    PersonRecord record = new PersonRecord(recordId, source == null ? "" : source,
        Values.text(f.get(3), "family_name", findings), Values.text(f.get(4), "given_name", findings), sex, birth, idType, idNumber,
        Values.text(f.get(9), "phone", findings), Values.text(f.get(10), "address", findings), findings);
    return new LabelledRecord(record, personId);
  }

  private static Sex sex(String value, List<Finding> findings) {
    if (value == null) {
      return Sex.UNKNOWN;
    }
    return switch (value.toLowerCase(Locale.ROOT)) {
      case "male" -> Sex.MALE;
      case "female" -> Sex.FEMALE;
      case "unknown" -> Sex.UNKNOWN;
      default -> {
        findings.add(new Finding("sex", "unknown-code", "'" + value + "' is not male, female or unknown"));
        yield Sex.UNKNOWN;
      }
    };
  }

  private LocalDate birthDate(String value, List<Finding> findings) {
    if (value == null) {
      return null;
    }
    if (!value.matches("\\d{4}-\\d{2}-\\d{2}")) {
      findings.add(new Finding("birth_date", "impossible-date", "'" + value + "' is not YYYY-MM-DD"));
      return null;
    }
    return Values.date(value.substring(0, 4), value.substring(5, 7), value.substring(8, 10), value, "birth_date", today, findings);
  }

  private static IdType idType(String value, List<Finding> findings) {
    if (value == null) {
      return null;
    }
    IdType type = IdType.fromCode(value.toLowerCase(Locale.ROOT));
    if (type == null) {
      findings.add(new Finding("id_type", "unknown-code", "'" + value + "' is not resident-id, health-card, passport or other; read as other"));
      return IdType.OTHER;
    }
    return type;
  }
}

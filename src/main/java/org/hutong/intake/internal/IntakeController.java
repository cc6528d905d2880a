package org.hutong.intake.internal;

import jakarta.servlet.http.HttpServletRequest;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.hutong.access.AccessEvent;
import org.hutong.access.AuditTrail;
import org.hutong.access.Caller;
import org.hutong.access.Role;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * The archive over HTTP, for operators: what each sender sent and how it ended ({@code GET
 * /api/intake/messages}), and replay of a sender's feed after a mapping fix ({@code POST
 * /api/intake/replay}). Administrators see every sender; an institution's system or staff see
 * their own institution's feeds. The message content itself never leaves the archive this way.
 */
@RestController
@RequestMapping("/api/intake")
class IntakeController {

  private final MessageArchive archive;
  private final MessageHandler handler;
  private final AuditTrail audit;

  IntakeController(MessageArchive archive, MessageHandler handler, AuditTrail audit) {
    this.archive = archive;
    this.handler = handler;
    this.audit = audit;
  }

  @GetMapping("/messages")
  List<Map<String, Object>> messages(
      HttpServletRequest request,
      @RequestParam(required = false) String sender,
      @RequestParam(required = false) String outcome,
      @RequestParam(defaultValue = "0") long after,
      @RequestParam(defaultValue = "100") int limit) {
    Caller caller = caller(request);
    if (outcome != null && !outcome.matches("A[AER]")) {
      throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "outcome must be AA, AE or AR");
    }
    String organization = caller.role() == Role.ADMINISTRATOR ? null : caller.organization();
    if (caller.role() != Role.ADMINISTRATOR && organization == null) {
      throw refused(caller, "search", "Only administrators and an institution's own staff or systems read the message archive");
    }
    List<Map<String, Object>> rows = archive.list(sender, outcome, organization, after, Math.clamp(limit, 1, 1000));
    audit.record(new AccessEvent(caller, null, 'R', "intake-messages", AccessEvent.Outcome.SUCCESS, null, List.of(), null, null, null));
    return rows;
  }

  /**
   * Replays a sender's archived messages from an id on, oldest first, through the current mapping;
   * each message's archived outcome becomes the new one. Messages already accepted are stored again
   * as conditional updates, which change nothing unless the mapping now says something else.
   */
  @PostMapping("/replay")
  Map<String, Object> replay(
      HttpServletRequest request,
      @RequestParam String sender,
      @RequestParam(defaultValue = "0") long from,
      @RequestParam(defaultValue = "false") boolean failedOnly,
      @RequestParam(defaultValue = "1000") int limit) {
    Caller caller = caller(request);
    if (caller.role() != Role.ADMINISTRATOR) {
      throw refused(caller, "replay", "Only administrators replay a feed");
    }
    Map<String, Integer> outcomes = new TreeMap<>();
    long last = from - 1;
    List<MessageArchive.Archived> batch = archive.from(sender, from, failedOnly, Math.clamp(limit, 1, 10_000));
    for (MessageArchive.Archived message : batch) {
      outcomes.merge(handler.replay(message), 1, Integer::sum);
      last = message.id();
    }
    audit.record(new AccessEvent(caller, null, 'E', "intake-replay", AccessEvent.Outcome.SUCCESS, null, List.of(), null, "sender=" + sender, null));
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("sender", sender);
    result.put("replayed", batch.size());
    result.put("outcomes", outcomes);
    result.put("next", batch.isEmpty() ? from : last + 1);
    return result;
  }

  private ResponseStatusException refused(Caller caller, String operation, String why) {
    audit.record(new AccessEvent(caller, null, 'E', "intake-" + operation, AccessEvent.Outcome.MINOR_FAILURE, null, List.of(), null, null, why));
    return new ResponseStatusException(HttpStatus.FORBIDDEN, why);
  }

  private static Caller caller(HttpServletRequest request) {
    if (request.getAttribute(Caller.ATTRIBUTE) instanceof Caller caller) {
      return caller;
    }
    throw new ResponseStatusException(HttpStatus.UNAUTHORIZED, "Not authenticated");
  }
}

package org.medsoc.parse.json;

import org.jspecify.annotations.Nullable;
import org.medsoc.parse.ParseContext;
import org.medsoc.spi.event.Event;
import org.medsoc.spi.event.Field;
import org.medsoc.spi.event.Fields;

/**
 * Windows events in the evtx_dump JSON layout ({@code {"Event": {"System": {...}, "EventData": {...}}}}, XML
 * attributes under {@code #attributes}, element text under {@code #text}). System elements map to
 * {@code winlog.*}; every EventData item is kept as {@code winlog.event_data.<Name>} (the names Sigma rules use),
 * UserData items as {@code winlog.user_data.<Name>}; then {@link WindowsEvents#normalise} runs.
 */
public final class EvtxLayout {
    private static final String EVENT_DATA = "Event.EventData.";
    private static final String USER_DATA = "Event.UserData.";
    private static final String DATA_NAME = "Event.EventData.Data.#attributes.Name";
    private static final String DATA_TEXT = "Event.EventData.Data.#text";
    private static final String DATA = "Event.EventData.Data";

    private EvtxLayout() {}

    /** Whether the flattened document is an evtx_dump record: its first path is under {@code Event.System.}. */
    public static boolean matches(FlatJson flat) {
        for (int i = 0; i < flat.size(); i++) {
            String path = flat.path(i);
            if (path.startsWith("Event.System.")) {
                return true;
            }
            if (!path.startsWith("Event.#attributes")) {
                return false;
            }
        }
        return false;
    }

    /** Maps {@code flat} to {@code event}; answers null or the reason the record is invalid. */
    public static @Nullable String apply(FlatJson flat, ParseContext context, Event event) {
        String pendingName = null;
        int unnamed = 0;
        boolean timeSet = false;
        for (int i = 0; i < flat.size(); i++) {
            String path = flat.path(i);
            String value = flat.value(i);
            if (path.startsWith("Event.System.")) {
                String reason = system(path, value, context, event);
                if (reason != null) {
                    return reason;
                }
                timeSet |= path.equals("Event.System.TimeCreated.#attributes.SystemTime");
            } else if (path.startsWith(EVENT_DATA)) {
                if (path.equals(DATA_NAME)) {
                    pendingName = value;
                } else if (path.equals(DATA_TEXT) || path.equals(DATA)) {
                    String name = pendingName != null ? pendingName : "param" + ++unnamed;
                    pendingName = null;
                    add(event, "winlog.event_data." + name, value);
                } else if (path.indexOf('#', EVENT_DATA.length()) < 0) {
                    add(event, "winlog.event_data." + path.substring(EVENT_DATA.length()), value);
                }
            } else if (path.startsWith(USER_DATA)) {
                int dot = path.indexOf('.', USER_DATA.length());
                if (dot > 0 && path.indexOf('#', dot) < 0) {
                    add(event, "winlog.user_data." + path.substring(dot + 1), value);
                }
            } else if (path.equals("Event.RenderingInfo.Message")) {
                event.put(Fields.MESSAGE, value);
            }
        }
        if (!event.has(Fields.WINLOG_EVENT_ID)) {
            return "windows: evtx record has no Event.System.EventID";
        }
        if (!timeSet) {
            return "windows: evtx record has no Event.System.TimeCreated SystemTime";
        }
        WindowsEvents.normalise(event);
        return null;
    }

    private static @Nullable String system(String path, String value, ParseContext context, Event event) {
        switch (path) {
            case "Event.System.Provider.#attributes.Name" -> event.put(Fields.WINLOG_PROVIDER_NAME, value);
            case "Event.System.Provider.#attributes.Guid" -> event.put(WindowsEvents.PROVIDER_GUID, value);
            case "Event.System.EventID", "Event.System.EventID.#text" -> {
                if (!Literals.isLong(value)) {
                    return "windows: EventID '" + GenericLayout.abbreviate(value) + "' is not a number";
                }
                event.put(Fields.WINLOG_EVENT_ID, value);
            }
            case "Event.System.Version" -> event.put(WindowsEvents.VERSION, value);
            case "Event.System.Level" -> {
                event.put(WindowsEvents.LEVEL, value);
                String level = levelName(value);
                if (level != null) {
                    event.put(Fields.LOG_LEVEL, level);
                }
            }
            case "Event.System.Task" -> event.put(WindowsEvents.TASK, value);
            case "Event.System.Opcode" -> event.put(WindowsEvents.OPCODE, value);
            case "Event.System.Keywords" -> event.put(WindowsEvents.KEYWORDS, value);
            case "Event.System.TimeCreated.#attributes.SystemTime" -> {
                long millis = Literals.parseInstant(value, context.zone());
                if (millis == Literals.NO_TIME) {
                    return "windows: TimeCreated SystemTime '" + GenericLayout.abbreviate(value)
                            + "' is not an ISO-8601 instant";
                }
                event.timestamp(millis);
            }
            case "Event.System.EventRecordID" -> event.put(Fields.WINLOG_RECORD_ID, value);
            case "Event.System.Correlation.#attributes.ActivityID" -> event.put(WindowsEvents.ACTIVITY_ID, value);
            case "Event.System.Execution.#attributes.ProcessID" -> {
                if (Literals.isLong(value)) {
                    event.put(WindowsEvents.PROCESS_PID, value);
                }
            }
            case "Event.System.Execution.#attributes.ThreadID" -> {
                if (Literals.isLong(value)) {
                    event.put(WindowsEvents.THREAD_ID, value);
                }
            }
            case "Event.System.Channel" -> event.put(Fields.WINLOG_CHANNEL, value);
            case "Event.System.Computer" -> event.put(Fields.WINLOG_COMPUTER_NAME, value);
            case "Event.System.Security.#attributes.UserID" -> event.put(WindowsEvents.USER_IDENTIFIER, value);
            default -> {}
        }
        return null;
    }

    private static @Nullable String levelName(String level) {
        return switch (level) {
            case "0", "4" -> "information";
            case "1" -> "critical";
            case "2" -> "error";
            case "3" -> "warning";
            case "5" -> "verbose";
            default -> null;
        };
    }

    private static void add(Event event, String name, String value) {
        Field field = SchemaFields.dynamic(name);
        if (field != null) {
            event.add(field, value);
        }
    }
}

package org.thermogen.launch;

/**
 * Reads the progress lines a launched model writes ({@code JobMain --progress}):
 * {@code @thermogen begin <total> <task>}, {@code @thermogen step <done> <total> <metrics>},
 * {@code @thermogen end}. Text arrives in chunks that may end inside a line; a line is used
 * once complete. Lines it does not understand are skipped, so a newer runtime's extra lines
 * cannot stop the IDE from following a run.
 */
public final class ProgressLines {
    private static final String PREFIX = "@thermogen ";

    private final StringBuilder pending = new StringBuilder();
    private String task = "";
    private long done;
    private long total;

    /** Takes the next chunk of the progress file. */
    public void feed(String chunk) {
        pending.append(chunk);
        int end;
        while ((end = pending.indexOf("\n")) >= 0) {
            String line = pending.substring(0, end).strip();
            pending.delete(0, end + 1);
            parse(line);
        }
    }

    private void parse(String line) {
        if (!line.startsWith(PREFIX)) {
            return;
        }
        String[] w = line.substring(PREFIX.length()).split(" ", 3);
        try {
            if (w[0].equals("begin") && w.length >= 2) {
                total = Long.parseLong(w[1]);
                done = 0;
                task = w.length == 3 ? w[2].strip() : "";
            } else if (w[0].equals("step") && w.length == 3) {
                done = Long.parseLong(w[1]);
                String rest = w[2];
                int space = rest.indexOf(' ');
                total = Long.parseLong(space < 0 ? rest : rest.substring(0, space));
            } else if (w[0].equals("end")) {
                done = total;
            }
        } catch (NumberFormatException e) {
            // Not a line of this format (see the class comment): the previous state stands.
        }
    }

    /** The task under way, as the runtime names it ("train", "sample"...); empty before the first. */
    public String task() {
        return task;
    }

    /** Steps done of the current task. */
    public long done() {
        return done;
    }

    /** Steps of the current task; 0 while none has begun. */
    public long total() {
        return total;
    }

    /** The part of the current task done, 0 to 1; 0 while none has begun. */
    public double fraction() {
        return total <= 0 ? 0 : Math.min(1, (double) done / total);
    }
}

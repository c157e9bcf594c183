package io.watershed.bench.intake;

/**
 * What {@code bench intake} runs ({@link IntakeCommand} reads it from the command line).
 *
 * @param rate records a second, 0 for unthrottled
 * @param batch records per request
 * @param concurrency requests in flight at most
 * @param recordBytes the size records are padded to
 */
record IntakeBenchOptions(
    String bootstrap, int records, int rate, int batch, int concurrency, int recordBytes) {}

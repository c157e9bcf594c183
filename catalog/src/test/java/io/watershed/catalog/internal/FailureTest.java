package io.watershed.catalog.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.SQLIntegrityConstraintViolationException;
import java.sql.SQLTransientConnectionException;
import org.apache.iceberg.exceptions.AlreadyExistsException;
import org.apache.iceberg.exceptions.BadRequestException;
import org.apache.iceberg.exceptions.CommitFailedException;
import org.apache.iceberg.exceptions.CommitStateUnknownException;
import org.apache.iceberg.exceptions.NamespaceNotEmptyException;
import org.apache.iceberg.exceptions.NoSuchIcebergTableException;
import org.apache.iceberg.exceptions.NoSuchNamespaceException;
import org.apache.iceberg.exceptions.NoSuchViewException;
import org.apache.iceberg.exceptions.NotAuthorizedException;
import org.apache.iceberg.exceptions.NotFoundException;
import org.apache.iceberg.exceptions.ValidationException;
import org.apache.iceberg.jdbc.UncheckedSQLException;
import org.apache.iceberg.rest.responses.ErrorResponse;
import org.junit.jupiter.api.Test;

class FailureTest {
  @Test
  void mapsExceptionsToTheStatusOfTheSpec() {
    assertStatus(new NoSuchNamespaceException("x"), 404);
    assertStatus(new NoSuchIcebergTableException("x"), 404);
    assertStatus(new NoSuchViewException("x"), 404);
    assertStatus(new NotFoundException("x"), 404);
    assertStatus(new AlreadyExistsException("x"), 409);
    assertStatus(new NamespaceNotEmptyException("x"), 409);
    assertStatus(new CommitFailedException("x"), 409);
    assertStatus(new IllegalArgumentException("x"), 400);
    assertStatus(new NumberFormatException("x"), 400);
    assertStatus(new ValidationException("x"), 400);
    assertStatus(new BadRequestException("x"), 400);
    assertStatus(new NotAuthorizedException("x"), 401);
    assertStatus(new UnsupportedOperationException("x"), 406);
    assertStatus(new CommitStateUnknownException(new RuntimeException("x")), 500);
    assertStatus(new UncheckedSQLException(new SQLTransientConnectionException("x"), "x"), 503);
    assertStatus(
        new UncheckedSQLException(new SQLIntegrityConstraintViolationException("x"), "x"), 409);
    assertStatus(new UncheckedIOException(new IOException("x")), 503);
    assertStatus(new IllegalStateException("x"), 500);
  }

  @Test
  void buildsIcebergErrorResponses() {
    ErrorResponse response =
        Failure.of(new NoSuchNamespaceException("Namespace does not exist: %s", "a"))
            .toErrorResponse();

    assertThat(response.code()).isEqualTo(404);
    assertThat(response.type()).isEqualTo("NoSuchNamespaceException");
    assertThat(response.message()).isEqualTo("Namespace does not exist: a");
    assertThat(Failure.of(new IllegalStateException("at /tmp/x: SELECT a FROM b")).message())
        .startsWith("Cannot serve the request: internal error, incident ")
        .doesNotContain("tmp", "SELECT", "IllegalStateException");
    assertThat(
            Failure.of(
                    new UncheckedSQLException(
                        new SQLTransientConnectionException("x"), "Failed to connect"))
                .toErrorResponse()
                .type())
        .isEqualTo("ServiceUnavailableException");
  }

  private static void assertStatus(Throwable error, int status) {
    assertThat(Failure.of(error).code().httpStatus()).as(error.toString()).isEqualTo(status);
  }
}

package io.watershed.catalog.internal;

import static java.util.Objects.requireNonNull;

import io.watershed.kit.error.ErrorKind;
import io.watershed.kit.http.SafeText;
import java.io.UncheckedIOException;
import java.sql.SQLIntegrityConstraintViolationException;
import java.util.UUID;
import org.apache.iceberg.exceptions.AlreadyExistsException;
import org.apache.iceberg.exceptions.BadRequestException;
import org.apache.iceberg.exceptions.CommitFailedException;
import org.apache.iceberg.exceptions.CommitStateUnknownException;
import org.apache.iceberg.exceptions.ForbiddenException;
import org.apache.iceberg.exceptions.NamespaceNotEmptyException;
import org.apache.iceberg.exceptions.NoSuchNamespaceException;
import org.apache.iceberg.exceptions.NoSuchTableException;
import org.apache.iceberg.exceptions.NoSuchViewException;
import org.apache.iceberg.exceptions.NotAuthorizedException;
import org.apache.iceberg.exceptions.NotFoundException;
import org.apache.iceberg.exceptions.ServiceUnavailableException;
import org.apache.iceberg.exceptions.UnprocessableEntityException;
import org.apache.iceberg.exceptions.ValidationException;
import org.apache.iceberg.jdbc.UncheckedSQLException;
import org.apache.iceberg.rest.responses.ErrorResponse;

/**
 * A failed request as the client sees it: the error code, and the {@code type} and {@code message}
 * of the Iceberg {@code ErrorResponse}.
 *
 * @param code the error code, which gives the HTTP status
 * @param type the simple class name of the exception, which Iceberg clients map back
 * @param message what went wrong
 */
public record Failure(CatalogErrorCode code, String type, String message) {
  public Failure {
    requireNonNull(code, "code is null");
    requireNonNull(type, "type is null");
    requireNonNull(message, "message is null");
  }

  /**
   * Maps what a catalog operation threw to the status the REST catalog spec gives it. A client's
   * mistake keeps its message, cleaned by {@link SafeText#message}; a failure on this side gets a
   * message naming only the incident, which the log holds with the cause: never SQL, storage
   * locations or class names.
   */
  public static Failure of(Throwable error) {
    CatalogErrorCode code = codeOf(error);
    if (code.kind() == ErrorKind.USER) {
      String message = error.getMessage() != null ? error.getMessage() : "no detail";
      return new Failure(code, error.getClass().getSimpleName(), SafeText.message(message));
    }
    String incident = UUID.randomUUID().toString().substring(0, 8);
    return code.httpStatus() == 503
        ? new Failure(
            code,
            "ServiceUnavailableException",
            "Cannot serve the request: the catalog's storage is unavailable, incident " + incident)
        : new Failure(
            code,
            "ServiceFailureException",
            "Cannot serve the request: internal error, incident " + incident);
  }

  public ErrorResponse toErrorResponse() {
    return ErrorResponse.builder()
        .responseCode(code.httpStatus())
        .withType(type)
        .withMessage(message)
        .build();
  }

  private static CatalogErrorCode codeOf(Throwable error) {
    if (error instanceof NoSuchNamespaceException
        || error instanceof NoSuchTableException
        || error instanceof NoSuchViewException
        || error instanceof NotFoundException) {
      return CatalogErrorCode.NOT_FOUND;
    }
    if (error instanceof AlreadyExistsException) {
      return CatalogErrorCode.ALREADY_EXISTS;
    }
    if (error instanceof NamespaceNotEmptyException) {
      return CatalogErrorCode.NAMESPACE_NOT_EMPTY;
    }
    if (error instanceof CommitFailedException) {
      return CatalogErrorCode.COMMIT_CONFLICT;
    }
    if (error instanceof CommitStateUnknownException) {
      return CatalogErrorCode.COMMIT_STATE_UNKNOWN;
    }
    if (error instanceof IllegalArgumentException
        || error instanceof ValidationException
        || error instanceof BadRequestException) {
      return CatalogErrorCode.BAD_REQUEST;
    }
    if (error instanceof NotAuthorizedException) {
      return CatalogErrorCode.NOT_AUTHORIZED;
    }
    if (error instanceof ForbiddenException) {
      return CatalogErrorCode.FORBIDDEN;
    }
    if (error instanceof UnsupportedOperationException) {
      return CatalogErrorCode.NOT_SUPPORTED;
    }
    if (error instanceof UnprocessableEntityException) {
      return CatalogErrorCode.UNPROCESSABLE;
    }
    if (error instanceof UncheckedSQLException
        && error.getCause() instanceof SQLIntegrityConstraintViolationException) {
      return CatalogErrorCode.COMMIT_CONFLICT;
    }
    if (error instanceof UncheckedSQLException
        || error instanceof UncheckedIOException
        || error instanceof ServiceUnavailableException) {
      return CatalogErrorCode.STORAGE_UNAVAILABLE;
    }
    return CatalogErrorCode.INTERNAL_ERROR;
  }
}

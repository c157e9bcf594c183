/**
 * The HTTP front: {@link io.watershed.monitor.internal.http.MonitorHttpHandler} (served by the
 * service kit), routing over the declared endpoints, bearer-token authentication, and the API
 * classes of each area (rules, fleet, tokens) that turn requests into calls of the packages below
 * and their results into replies.
 */
package io.watershed.monitor.internal.http;

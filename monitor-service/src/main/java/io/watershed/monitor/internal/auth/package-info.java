/** Who may do what and who did what: principals, roles, permissions, and the audit log. */
package io.watershed.monitor.internal.auth;

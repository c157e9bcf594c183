/** Agents as last heard on heartbeat, and collector configs per agent group, in the database. */
package io.watershed.monitor.internal.fleet;

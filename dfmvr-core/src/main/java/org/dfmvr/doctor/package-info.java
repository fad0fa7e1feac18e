/** Preflight checks of the environment (Java flags, native backend, memory, ports, addresses), each with a fix hint. */
package org.dfmvr.doctor;

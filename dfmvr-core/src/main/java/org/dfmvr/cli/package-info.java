/** The {@code dfmvr} command line: subcommand discovery, shared options, exit codes, quickstart and doctor. */
package org.dfmvr.cli;

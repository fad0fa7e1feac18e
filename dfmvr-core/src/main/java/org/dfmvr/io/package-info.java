/** Readers of dataset-specific files (Bosphorus .bnt scans and landmark files), plain Java. */
package org.dfmvr.io;

/** Progress lines (count/total, rate, ETA) for long stages of every job. */
package org.dfmvr.progress;

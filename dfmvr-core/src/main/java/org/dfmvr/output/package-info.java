/**
 * Ownership of job output folders: a job writes only into a folder that does not exist, is empty, or carries this
 * project's marker of the same job kind ({@link org.dfmvr.output.OutputOwnership}), so replacing or clearing its
 * output can never remove files the job did not write.
 */
package org.dfmvr.output;

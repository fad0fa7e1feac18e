/** The typed configuration tree (HOCON defaults in conf/reference, user overrides, validation naming the key). */
package org.dfmvr.config;

/**
 * The annotations the Osmos annotation processor reads. None of them is read at run time: the
 * processor turns them into generated code, so they are retained in class files only.
 */
package io.osmos.annotations;

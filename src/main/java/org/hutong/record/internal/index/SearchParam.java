package org.hutong.record.internal.index;

import java.util.List;
import java.util.Set;

/**
 * One search parameter of one resource type, compiled for extraction.
 *
 * @param name the parameter's code as clients use it ({@code patient}, {@code code}, ...)
 * @param type which index table holds its values
 * @param paths where in the resource its values are
 * @param targets for references, the resource types it may point to
 * @param patientCompartment whether a reference here puts the resource in a Patient's compartment
 */
public record SearchParam(
    String name, ParamType type, List<ElementPath> paths, Set<String> targets, boolean patientCompartment) {}

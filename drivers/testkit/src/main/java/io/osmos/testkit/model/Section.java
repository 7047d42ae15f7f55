package io.osmos.testkit.model;

import io.osmos.annotations.Embeddable;
import jakarta.validation.constraints.NotBlank;
import java.util.List;

/** A recursive nested type: a section of an outline and the sections under it. */
@Embeddable
public record Section(@NotBlank String title, List<Section> children) {}

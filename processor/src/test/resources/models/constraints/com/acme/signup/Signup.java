package com.acme.signup;

import io.osmos.annotations.Key;
import io.osmos.annotations.Model;
import io.osmos.annotations.OneOf;
import io.osmos.annotations.Validate;
import jakarta.validation.constraints.AssertFalse;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Digits;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.Future;
import jakarta.validation.constraints.FutureOrPresent;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Negative;
import jakarta.validation.constraints.NegativeOrZero;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Null;
import jakarta.validation.constraints.Past;
import jakarta.validation.constraints.PastOrPresent;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Every constraint the processor implements. */
@Model(bucket = "signups", driver = "db")
@Validate(SignupValidator.class)
public record Signup(
    @Key long id,
    @NotNull @NotBlank String name,
    @NotEmpty @Size(min = 2, max = 8, message = "between {min} and {max} entries")
        List<String> tags,
    @Size(max = 3) Map<String, String> labels,
    @Size(min = 1) byte[] avatar,
    @Min(18) @Max(120) int age,
    @Min(1) BigInteger shares,
    @DecimalMin("0.01") @DecimalMax(value = "1000", inclusive = false) BigDecimal deposit,
    @DecimalMin(value = "-1.5", inclusive = false) double ratio,
    @Digits(integer = 4, fraction = 2) BigDecimal fee,
    @Positive Integer points,
    @PositiveOrZero long credits,
    @Negative short offset,
    @NegativeOrZero BigDecimal debt,
    @Pattern(regexp = "[a-z]+(-[a-z]+)*", flags = Pattern.Flag.CASE_INSENSITIVE) String slug,
    @Email String email,
    @Email(regexp = ".*@acme\\.com") String workEmail,
    @Past Instant born,
    @PastOrPresent LocalDate joined,
    @Future LocalDateTime renewal,
    @FutureOrPresent Instant expires,
    @AssertTrue boolean accepted,
    @AssertFalse Boolean banned,
    @Null String reserved,
    @OneOf({"free", "pro"}) String plan,
    @Validate(NameValidator.class) String nickname,
    List<@Email String> contacts,
    Map<String, @Positive Integer> quotas,
    Optional<@Size(max = 5) String> code) {}

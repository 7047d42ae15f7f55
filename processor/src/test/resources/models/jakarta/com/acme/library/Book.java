package com.acme.library;

import io.osmos.annotations.Index;
import io.osmos.annotations.Key;
import io.osmos.annotations.Model;
import io.osmos.annotations.Version;

@Model(bucket = "books", driver = "db")
public record Book(
    @Key String isbn,
    @Index String title,
    @Index String author,
    @Index int year,
    @Index Double price,
    @Index Genre genre,
    @Index boolean inPrint,
    @Version long version) {}

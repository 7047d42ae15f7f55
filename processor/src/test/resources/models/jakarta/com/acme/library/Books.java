package com.acme.library;

import jakarta.data.Limit;
import jakarta.data.Order;
import jakarta.data.Sort;
import jakarta.data.page.CursoredPage;
import jakarta.data.page.Page;
import jakarta.data.page.PageRequest;
import jakarta.data.repository.By;
import jakarta.data.repository.CrudRepository;
import jakarta.data.repository.Delete;
import jakarta.data.repository.Find;
import jakarta.data.repository.Insert;
import jakarta.data.repository.OrderBy;
import jakarta.data.repository.Param;
import jakarta.data.repository.Query;
import jakarta.data.repository.Repository;
import jakarta.data.repository.Save;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

@Repository
public interface Books extends CrudRepository<Book, String> {
  @Find
  Optional<Book> byIsbn(@By("isbn") String isbn);

  @Find
  @OrderBy("year")
  @OrderBy(value = "title", descending = true)
  List<Book> byAuthor(String author);

  @Find
  Page<Book> byAuthor(String author, PageRequest page);

  List<Book> findByAuthorOrderByYearDesc(String author);

  List<Book> findByYearBetween(int from, int to, Sort<Book> sort);

  Stream<Book> findByAuthorAndYearGreaterThanEqual(String author, int year);

  List<Book> findByGenreIn(Set<Genre> genres, Order<Book> order);

  Book[] findByTitleStartsWithIgnoreCase(String prefix);

  List<Book> findByTitleContainsOrPriceLessThan(String text, Double price);

  Optional<Book> findFirstByAuthorOrderByYearAsc(String author);

  List<Book> findByInPrintTrue(Limit limit);

  List<Book> findByPriceNull();

  List<Book> findByAuthorNot(String author);

  Book findByTitle(String title);

  CursoredPage<Book> findByYearGreaterThan(int year, PageRequest page);

  long countByAuthor(String author);

  boolean existsByTitleLike(String pattern);

  long deleteByYearLessThan(int year);

  @Query("WHERE author = :author AND year >= :since ORDER BY year DESC, title")
  List<Book> byAuthorSince(@Param("author") String writer, int since);

  @Query("SELECT COUNT(THIS) FROM Book WHERE genre IN (Genre.HISTORY, Genre.SCIENCE)")
  long countNonFiction();

  @Query("DELETE FROM Book WHERE inPrint = FALSE AND price < 2.5")
  long removeCheapOutOfPrint();

  @Query("WHERE LOWER(title) LIKE ?1 OR price BETWEEN ?2 AND ?3")
  Stream<Book> byTitleOrPrice(String pattern, Double min, Double max);

  @Query("SELECT title WHERE author = :author ORDER BY title")
  List<String> titlesBy(String author);

  @Insert
  Book[] add(Book... books);

  @Save
  void store(List<Book> books);

  @Delete
  void remove(Book book);

  @Delete
  void removeByAuthor(@By("author") String author);
}

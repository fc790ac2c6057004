/* Unit tests of the library's utilities: buffers, arrays, the hash map, the allocation
 * failure hook, return-code names. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "rpi.h"

static void test_buf_grows_and_formats(void **state)
{
    (void)state;
    rpi_buf b = {0};
    assert_string_equal(rpi_buf_cstr(&b), "");
    for (int i = 0; i < 1000; i++) assert_int_equal(rpi_buf_printf(&b, "%d,", i % 10), 0);
    assert_int_equal(b.len, 2000);
    assert_int_equal(b.data[b.len], '\0');
    char big[600];
    memset(big, 'x', sizeof big - 1);
    big[sizeof big - 1] = '\0';
    b.len = 0;
    assert_int_equal(rpi_buf_printf(&b, "<%s>", big), 0); /* longer than the stack buffer */
    assert_int_equal(b.len, 601);
    rpi_buf_free(&b);
    rpi_buf_free(&b); /* twice is harmless */
}

static void test_map_put_get_grow(void **state)
{
    (void)state;
    rpi_map m = {0};
    assert_int_equal(rpi_map_get(&m, 42), RPI_NONE);
    for (uint32_t i = 0; i < 10000; i++) assert_int_equal(rpi_map_put(&m, (uint64_t)i * 0x9E3779B97F4A7C15ull, i), 0);
    assert_int_equal(m.count, 10000);
    for (uint32_t i = 0; i < 10000; i++) assert_int_equal(rpi_map_get(&m, (uint64_t)i * 0x9E3779B97F4A7C15ull), i);
    /* replacing keeps the count; key 0 is stored too (as 1: hashes 0 and 1 share a slot) */
    assert_int_equal(rpi_map_put(&m, 12345, 7), 0);
    assert_int_equal(rpi_map_put(&m, 12345, 8), 0);
    assert_int_equal(rpi_map_get(&m, 12345), 8);
    assert_int_equal(m.count, 10001);
    assert_int_equal(rpi_map_put(&m, 0, 3), 0);
    assert_int_equal(rpi_map_get(&m, 0), 3);
    rpi_map_free(&m);
    assert_int_equal(rpi_map_get(&m, 12345), RPI_NONE);
    /* different key spaces for forms and stems */
    assert_true(rpi_hash("russ", 4) != rpi_hash_stem("russ", 4));
}

static void test_alloc_failure_hook(void **state)
{
    (void)state;
    rp_alloc_fail_after(1);
    void *a = rpi_malloc(8);
    void *b = rpi_malloc(8);
    rp_alloc_fail_after(-1);
    void *c = rpi_malloc(8);
    assert_non_null(a);
    assert_null(b);
    assert_non_null(c);
    rpi_free(a);
    rpi_free(c);
    rpi_buf buf = {0};
    rp_alloc_fail_after(0);
    assert_int_equal(rpi_buf_add(&buf, "abc", 3), -1);
    rp_alloc_fail_after(-1);
    assert_int_equal(buf.len, 0);
    int *arr = NULL;
    size_t cap = 0;
    assert_int_equal(RPI_GROW(arr, cap, 100), 0);
    assert_true(cap >= 100);
    rpi_free(arr);
}

static void test_strerror_and_version(void **state)
{
    (void)state;
    assert_string_equal(rp_strerror(RP_OK), "success");
    assert_string_equal(rp_strerror(RP_EUTF8), "invalid UTF-8");
    assert_string_equal(rp_strerror((rp_rc)999), "unknown error");
    assert_string_equal(rp_version(), RP_VERSION);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_buf_grows_and_formats),
        cmocka_unit_test(test_map_put_get_grow),
        cmocka_unit_test(test_alloc_failure_hook),
        cmocka_unit_test(test_strerror_and_version),
    };
    return cmocka_run_group_tests_name("util", tests, NULL, NULL);
}

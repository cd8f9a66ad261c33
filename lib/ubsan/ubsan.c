/* SPDX-License-Identifier: BSD-3-Clause */
/* Runtime of -fsanitize=undefined: reports what the compiler's checks found. */
#include <stdint.h>
#include <stdio.h>
#include <tess/debug.h>
#include <tess/ubsan.h>

/* The compiler's data layouts (the UBSan ABI shared by gcc and clang). */
struct source_location {
	const char *file;
	uint32_t line;
	uint32_t column;
};

struct type_descriptor {
	uint16_t kind;	/* 0 integer, 1 float, 0xffff unknown */
	uint16_t info;	/* integers: bit 0 signed, bits 1.. log2(width) */
	char name[];
};

struct overflow_data {
	struct source_location loc;
	const struct type_descriptor *type;
};

struct shift_data {
	struct source_location loc;
	const struct type_descriptor *lhs_type;
	const struct type_descriptor *rhs_type;
};

struct out_of_bounds_data {
	struct source_location loc;
	const struct type_descriptor *array_type;
	const struct type_descriptor *index_type;
};

struct type_mismatch_data {
	struct source_location loc;
	const struct type_descriptor *type;
	unsigned char log_alignment;
	unsigned char check_kind;
};

struct location_only_data {
	struct source_location loc;
};

struct nonnull_arg_data {
	struct source_location loc;
	struct source_location attr_loc;
	int arg_index;
};

struct invalid_builtin_data {
	struct source_location loc;
	unsigned char kind;
};

struct float_cast_data {
	struct source_location loc;
	const struct type_descriptor *from;
	const struct type_descriptor *to;
};

/* Capture mode for the sanitizer's own tests; set only by them. */
static bool capturing;
static unsigned int captured;

unsigned int tess_ubsan_capture(bool on)
{
	unsigned int n = captured;

	capturing = on;
	captured = 0;
	return n;
}

/* Returns false when the report must be skipped: captured, or this
 * location was already reported (the column's top bit marks it). */
static bool report_begin(struct source_location *loc)
{
	if (capturing) {
		captured++;
		return false;
	}
	if (loc->column & 0x80000000u)
		return false;
	loc->column |= 0x80000000u;
	return true;
}

static void report_end(void)
{
#ifdef CONFIG_TESS_UBSAN_PANIC
	tess_panic("undefined behaviour (see the ubsan report above)");
#endif
}

static void report(struct source_location *loc, const char *what)
{
	if (!report_begin(loc))
		return;
	tess_pr_crit("%s at %s:%u:%u", what, loc->file, loc->line,
		     loc->column & 0x7fffffffu);
	report_end();
}

static bool type_is_signed(const struct type_descriptor *t)
{
	return t->kind == 0 && (t->info & 1);
}

static unsigned int type_bits(const struct type_descriptor *t)
{
	return 1u << (t->info >> 1);
}

/* Values up to 64 bits are passed inline in the pointer; wider ones by
 * reference. Formats a value of type t into buf. */
static const char *value_text(const struct type_descriptor *t, void *v,
			      char *buf, size_t len)
{
	if (t->kind != 0) {
		snprintf(buf, len, "(value of type %s)", t->name);
	} else if (type_bits(t) > 64) {
		snprintf(buf, len, "(%u-bit value)", type_bits(t));
	} else if (type_is_signed(t)) {
		unsigned int shift = 64 - type_bits(t);
		int64_t x = (int64_t)((uint64_t)(uintptr_t)v << shift) >> shift;

		snprintf(buf, len, "%lld", (long long)x);
	} else {
		snprintf(buf, len, "%llu", (unsigned long long)(uintptr_t)v);
	}
	return buf;
}

static void overflow(struct overflow_data *d, void *lhs, void *rhs, char op)
{
	char a[32], b[32];

	if (!report_begin(&d->loc))
		return;
	tess_pr_crit("%s integer overflow at %s:%u:%u: %s %c %s cannot be represented in type %s",
		     type_is_signed(d->type) ? "signed" : "unsigned",
		     d->loc.file, d->loc.line, d->loc.column & 0x7fffffffu,
		     value_text(d->type, lhs, a, sizeof(a)), op,
		     value_text(d->type, rhs, b, sizeof(b)), d->type->name);
	report_end();
}

void __ubsan_handle_add_overflow(struct overflow_data *d, void *l, void *r)
{
	overflow(d, l, r, '+');
}

void __ubsan_handle_sub_overflow(struct overflow_data *d, void *l, void *r)
{
	overflow(d, l, r, '-');
}

void __ubsan_handle_mul_overflow(struct overflow_data *d, void *l, void *r)
{
	overflow(d, l, r, '*');
}

void __ubsan_handle_negate_overflow(struct overflow_data *d, void *v)
{
	char a[32];

	if (!report_begin(&d->loc))
		return;
	tess_pr_crit("negation of %s cannot be represented in type %s at %s:%u",
		     value_text(d->type, v, a, sizeof(a)), d->type->name,
		     d->loc.file, d->loc.line);
	report_end();
}

void __ubsan_handle_divrem_overflow(struct overflow_data *d, void *l, void *r)
{
	char a[32], b[32];

	if (!report_begin(&d->loc))
		return;
	tess_pr_crit("division overflow or by zero at %s:%u:%u: %s / %s (type %s)",
		     d->loc.file, d->loc.line, d->loc.column & 0x7fffffffu,
		     value_text(d->type, l, a, sizeof(a)),
		     value_text(d->type, r, b, sizeof(b)), d->type->name);
	report_end();
}

void __ubsan_handle_shift_out_of_bounds(struct shift_data *d, void *l, void *r)
{
	char a[32], b[32];

	if (!report_begin(&d->loc))
		return;
	tess_pr_crit("invalid shift at %s:%u:%u: %s << or >> %s (left type %s, %u bits)",
		     d->loc.file, d->loc.line, d->loc.column & 0x7fffffffu,
		     value_text(d->lhs_type, l, a, sizeof(a)),
		     value_text(d->rhs_type, r, b, sizeof(b)),
		     d->lhs_type->name, type_bits(d->lhs_type));
	report_end();
}

void __ubsan_handle_out_of_bounds(struct out_of_bounds_data *d, void *index)
{
	char a[32];

	if (!report_begin(&d->loc))
		return;
	tess_pr_crit("index %s out of bounds for type %s at %s:%u:%u",
		     value_text(d->index_type, index, a, sizeof(a)),
		     d->array_type->name, d->loc.file, d->loc.line,
		     d->loc.column & 0x7fffffffu);
	report_end();
}

void __ubsan_handle_type_mismatch_v1(struct type_mismatch_data *d, void *ptr)
{
	static const char *const kinds[] = {
		"load of", "store to", "reference binding to",
		"member access within", "member call on", "constructor call on",
		"downcast of", "downcast of", "upcast of", "cast to virtual base of",
		"nonnull binding to", "dynamic operation on"
	};
	const char *kind = d->check_kind < sizeof(kinds) / sizeof(kinds[0]) ?
				   kinds[d->check_kind] : "access to";
	uintptr_t align = (uintptr_t)1 << d->log_alignment;

	if (!report_begin(&d->loc))
		return;
	if (ptr == NULL)
		tess_pr_crit("%s null pointer of type %s at %s:%u:%u", kind,
			     d->type->name, d->loc.file, d->loc.line,
			     d->loc.column & 0x7fffffffu);
	else if ((uintptr_t)ptr & (align - 1))
		tess_pr_crit("%s misaligned address %p for type %s (needs %lu-byte alignment) at %s:%u:%u",
			     kind, ptr, d->type->name, (unsigned long)align,
			     d->loc.file, d->loc.line,
			     d->loc.column & 0x7fffffffu);
	else
		tess_pr_crit("%s address %p with insufficient space for type %s at %s:%u:%u",
			     kind, ptr, d->type->name, d->loc.file,
			     d->loc.line, d->loc.column & 0x7fffffffu);
	report_end();
}

void __ubsan_handle_vla_bound_not_positive(struct overflow_data *d, void *bound)
{
	char a[32];

	if (!report_begin(&d->loc))
		return;
	tess_pr_crit("variable-length array bound %s is not positive at %s:%u",
		     value_text(d->type, bound, a, sizeof(a)), d->loc.file,
		     d->loc.line);
	report_end();
}

void __ubsan_handle_load_invalid_value(struct overflow_data *d, void *v)
{
	char a[32];

	if (!report_begin(&d->loc))
		return;
	tess_pr_crit("load of value %s, which is not valid for type %s, at %s:%u",
		     value_text(d->type, v, a, sizeof(a)), d->type->name,
		     d->loc.file, d->loc.line);
	report_end();
}

void __ubsan_handle_nonnull_arg(struct nonnull_arg_data *d)
{
	if (!report_begin(&d->loc))
		return;
	tess_pr_crit("null pointer passed as argument %d, declared never null, at %s:%u",
		     d->arg_index, d->loc.file, d->loc.line);
	report_end();
}

void __ubsan_handle_nonnull_return_v1(struct location_only_data *d,
				      struct source_location *loc)
{
	(void)d;
	report(loc, "null pointer returned from a function declared never to return null");
}

void __ubsan_handle_pointer_overflow(struct location_only_data *d, void *base,
				     void *result)
{
	if (!report_begin(&d->loc))
		return;
	tess_pr_crit("pointer arithmetic overflow at %s:%u:%u: %p became %p",
		     d->loc.file, d->loc.line, d->loc.column & 0x7fffffffu,
		     base, result);
	report_end();
}

void __ubsan_handle_invalid_builtin(struct invalid_builtin_data *d)
{
	report(&d->loc, "zero passed to __builtin_ctz/clz");
}

void __ubsan_handle_float_cast_overflow(struct float_cast_data *d, void *v)
{
	(void)v;
	report(&d->loc, "floating-point value out of range of the integer type");
}

/* Reaching these is never survivable: the compiler placed no code after. */
void __ubsan_handle_builtin_unreachable(struct location_only_data *d)
{
	tess_panic("__builtin_unreachable() reached at %s:%u", d->loc.file,
		   d->loc.line);
}

void __ubsan_handle_missing_return(struct location_only_data *d)
{
	tess_panic("end of a value-returning function reached without return at %s:%u",
		   d->loc.file, d->loc.line);
}

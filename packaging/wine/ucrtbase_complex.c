/* The C99 complex functions of the Universal C Runtime, for Wine 8's ucrtbase.dll stand-in.
 *
 * Wine 8 exports these from ucrtbase.dll as stubs that abort when called; NumPy calls some of
 * them (crealf first) while it is imported. This file implements all 81 in Microsoft's calling
 * convention: _Dcomplex and _Fcomplex are structs, as in the UCRT's <complex.h>, and long double
 * is double, as in MSVC. The math is MinGW's C99 complex library (libmingwex); build_windows.py
 * links this into a ucrtbase.dll whose other exports forward to Wine's own ucrtbase (copied into
 * the test prefix as ucrtwine.dll). It belongs to the Wine test prefix only, never to the app.
 */
#include <complex.h>

typedef struct { double _Val[2]; } Dcx; /* _Dcomplex */
typedef struct { float _Val[2]; } Fcx;  /* _Fcomplex */
typedef struct { double _Val[2]; } Lcx; /* _Lcomplex: MSVC's long double is a double */

static double _Complex from_d(Dcx z) { return __builtin_complex(z._Val[0], z._Val[1]); }
static float _Complex from_f(Fcx z) { return __builtin_complex(z._Val[0], z._Val[1]); }
static double _Complex from_l(Lcx z) { return __builtin_complex(z._Val[0], z._Val[1]); }
static Dcx to_d(double _Complex z) { Dcx r = {{creal(z), cimag(z)}}; return r; }
static Fcx to_f(float _Complex z) { Fcx r = {{crealf(z), cimagf(z)}}; return r; }
static Lcx to_l(double _Complex z) { Lcx r = {{creal(z), cimag(z)}}; return r; }

/* A function of one complex argument that returns a complex, in all three widths. */
#define UNARY(name)                                                                   \
    Dcx ms_##name(Dcx z) { return to_d(name(from_d(z))); }                            \
    Fcx ms_##name##f(Fcx z) { return to_f(name##f(from_f(z))); }                      \
    Lcx ms_##name##l(Lcx z) { return to_l(name(from_l(z))); }

/* A function of one complex argument that returns a real. */
#define TO_REAL(name, expr_d, expr_f)                                                 \
    double ms_##name(Dcx z) { double _Complex w = from_d(z); return expr_d; }         \
    float ms_##name##f(Fcx z) { float _Complex w = from_f(z); return expr_f; }        \
    double ms_##name##l(Lcx z) { double _Complex w = from_l(z); return expr_d; }

UNARY(cacos) UNARY(cacosh) UNARY(casin) UNARY(casinh) UNARY(catan) UNARY(catanh)
UNARY(ccos) UNARY(ccosh) UNARY(cexp) UNARY(clog) UNARY(conj) UNARY(cproj)
UNARY(csin) UNARY(csinh) UNARY(csqrt) UNARY(ctan) UNARY(ctanh)

TO_REAL(cabs, cabs(w), cabsf(w))
TO_REAL(carg, carg(w), cargf(w))
TO_REAL(cimag, cimag(w), cimagf(w))
TO_REAL(creal, creal(w), crealf(w))
TO_REAL(norm, creal(w) * creal(w) + cimag(w) * cimag(w),
        crealf(w) * crealf(w) + cimagf(w) * cimagf(w))

/* clog10(z) = clog(z) / ln(10) */
static const double LN10 = 2.302585092994045684;
Dcx ms_clog10(Dcx z) { return to_d(clog(from_d(z)) / LN10); }
Fcx ms_clog10f(Fcx z) { return to_f(clogf(from_f(z)) / (float)LN10); }
Lcx ms_clog10l(Lcx z) { return to_l(clog(from_l(z)) / LN10); }

Dcx ms_cpow(Dcx x, Dcx y) { return to_d(cpow(from_d(x), from_d(y))); }
Fcx ms_cpowf(Fcx x, Fcx y) { return to_f(cpowf(from_f(x), from_f(y))); }
Lcx ms_cpowl(Lcx x, Lcx y) { return to_l(cpow(from_l(x), from_l(y))); }

/* Microsoft's builders and multiplications, for compilers without complex arithmetic. */
Dcx ms__Cbuild(double re, double im) { Dcx r = {{re, im}}; return r; }
Fcx ms__FCbuild(float re, float im) { Fcx r = {{re, im}}; return r; }
Lcx ms__LCbuild(double re, double im) { Lcx r = {{re, im}}; return r; }
Dcx ms__Cmulcc(Dcx x, Dcx y) { return to_d(from_d(x) * from_d(y)); }
Fcx ms__FCmulcc(Fcx x, Fcx y) { return to_f(from_f(x) * from_f(y)); }
Lcx ms__LCmulcc(Lcx x, Lcx y) { return to_l(from_l(x) * from_l(y)); }
Dcx ms__Cmulcr(Dcx x, double y) { Dcx r = {{x._Val[0] * y, x._Val[1] * y}}; return r; }
Fcx ms__FCmulcr(Fcx x, float y) { Fcx r = {{x._Val[0] * y, x._Val[1] * y}}; return r; }
Lcx ms__LCmulcr(Lcx x, double y) { Lcx r = {{x._Val[0] * y, x._Val[1] * y}}; return r; }

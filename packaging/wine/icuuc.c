/* icuuc.dll for Wine 8: Windows 10's ICU converter API, answering "not available".
 *
 * Qt 6.11's Qt6Core.dll imports 20 ucnv_* functions from icuuc.dll, which Windows 10 and 11
 * ship in System32 and Wine 8 does not, so Qt (and with it the app) cannot load under Wine.
 * Qt uses them only for text encodings beyond its own (UTF-8, UTF-16, UTF-32, Latin-1 and the
 * system's code page), which digitpad never asks for. Every converter therefore fails to open
 * with U_UNSUPPORTED_ERROR and the list of converters is empty: Qt then reports such encodings
 * as unsupported, as it does on a system without ICU. It belongs to the Wine test prefix only,
 * never to the app.
 */
#include <stddef.h>
#include <stdint.h>

typedef int UErrorCode;
typedef uint16_t UChar;
typedef int32_t UChar32;
typedef int8_t UBool;
typedef struct UConverter UConverter;
typedef void *Callback;

#define U_UNSUPPORTED_ERROR 16

/* The entry point: the DLL is built without a C runtime (-nostdlib), and has nothing to set up. */
int __stdcall DllEntry(void *module, unsigned long reason, void *reserved)
{
    (void)module; (void)reason; (void)reserved; return 1;
}

static int failed(const UErrorCode *err) { return err == NULL || *err > 0; }
static void unsupported(UErrorCode *err) { if (!failed(err)) *err = U_UNSUPPORTED_ERROR; }

UConverter *ucnv_open(const char *name, UErrorCode *err) { (void)name; unsupported(err); return NULL; }
void ucnv_close(UConverter *cnv) { (void)cnv; }
void ucnv_reset(UConverter *cnv) { (void)cnv; }
int8_t ucnv_getMaxCharSize(const UConverter *cnv) { (void)cnv; return 1; }
const char *ucnv_getName(const UConverter *cnv, UErrorCode *err) { (void)cnv; unsupported(err); return NULL; }
int32_t ucnv_countAvailable(void) { return 0; }
const char *ucnv_getAvailableName(int32_t n) { (void)n; return NULL; }

const char *ucnv_getStandardName(const char *name, const char *standard, UErrorCode *err)
{
    (void)name; (void)standard; unsupported(err); return NULL;
}

void ucnv_getToUCallBack(const UConverter *cnv, Callback *action, const void **context)
{
    (void)cnv; if (action) *action = NULL; if (context) *context = NULL;
}

void ucnv_getFromUCallBack(const UConverter *cnv, Callback *action, const void **context)
{
    (void)cnv; if (action) *action = NULL; if (context) *context = NULL;
}

void ucnv_setToUCallBack(UConverter *cnv, Callback action, const void *context,
                         Callback *old_action, const void **old_context, UErrorCode *err)
{
    (void)cnv; (void)action; (void)context;
    if (old_action) *old_action = NULL;
    if (old_context) *old_context = NULL;
    unsupported(err);
}

void ucnv_setFromUCallBack(UConverter *cnv, Callback action, const void *context,
                           Callback *old_action, const void **old_context, UErrorCode *err)
{
    (void)cnv; (void)action; (void)context;
    if (old_action) *old_action = NULL;
    if (old_context) *old_context = NULL;
    unsupported(err);
}

void ucnv_toUnicode(UConverter *cnv, UChar **target, const UChar *target_limit,
                    const char **source, const char *source_limit, int32_t *offsets,
                    UBool flush, UErrorCode *err)
{
    (void)cnv; (void)target; (void)target_limit; (void)source; (void)source_limit;
    (void)offsets; (void)flush; unsupported(err);
}

void ucnv_fromUnicode(UConverter *cnv, char **target, const char *target_limit,
                      const UChar **source, const UChar *source_limit, int32_t *offsets,
                      UBool flush, UErrorCode *err)
{
    (void)cnv; (void)target; (void)target_limit; (void)source; (void)source_limit;
    (void)offsets; (void)flush; unsupported(err);
}

int32_t ucnv_toUCountPending(const UConverter *cnv, UErrorCode *err) { (void)cnv; unsupported(err); return 0; }
int32_t ucnv_fromUCountPending(const UConverter *cnv, UErrorCode *err) { (void)cnv; unsupported(err); return 0; }

void ucnv_cbToUWriteUChars(void *args, const UChar *source, int32_t length, int32_t offset_index,
                           UErrorCode *err)
{
    (void)args; (void)source; (void)length; (void)offset_index; unsupported(err);
}

void ucnv_cbFromUWriteUChars(void *args, const UChar **source, const UChar *source_limit,
                             int32_t offset_index, UErrorCode *err)
{
    (void)args; (void)source; (void)source_limit; (void)offset_index; unsupported(err);
}

void UCNV_TO_U_CALLBACK_SUBSTITUTE(const void *context, void *args, const char *units,
                                   int32_t length, int reason, UErrorCode *err)
{
    (void)context; (void)args; (void)units; (void)length; (void)reason; unsupported(err);
}

void UCNV_FROM_U_CALLBACK_SUBSTITUTE(const void *context, void *args, const UChar *units,
                                     int32_t length, UChar32 code_point, int reason,
                                     UErrorCode *err)
{
    (void)context; (void)args; (void)units; (void)length; (void)code_point; (void)reason;
    unsupported(err);
}

/*
 * Copyright 2026 The libmigui authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include <fcntl.h>
#include <unistd.h>
#include <glib/gstdio.h>

#include "mig-test-utils.h"

/* Hostile and malformed input: every case gives its own error code, and no
 * input crashes the parser. */

static const char *valid_tree =
  "{\"format\":\"migui-form-tree\",\"version\":1,"
  "\"app\":{\"id\":\"org.migui.Gallery\",\"version\":\"0.1.0\"},"
  "\"reason\":\"clone\","
  "\"origin\":{\"device\":\"d\",\"name\":\"Laptop\",\"profile\":{\"form-factor\":\"tablet\",\"width\":1200,\"height\":800,\"scale\":2,\"touch\":true}},"
  "\"created\":\"2026-11-22T10:00:00Z\","
  "\"suitcase\":{\"type\":\"a{sv}\",\"value\":{\"visits\":{\"type\":\"u\",\"value\":3}}},"
  "\"windows\":[{\"type\":\"GalleryWindow\",\"index\":0,"
  "\"geometry\":{\"width\":640,\"height\":480,\"maximized\":false,\"fullscreen\":false},"
  "\"focus\":\"entry\",\"state\":{\"type\":\"a{sv}\",\"value\":{}},"
  "\"widgets\":{\"entry\":{\"class\":\"GtkEntry\",\"props\":{\"text\":\"hi\"}}},"
  "\"forms\":[{\"name\":\"GalleryContactForm\",\"widgets\":{\"name\":{\"class\":\"GtkEntry\",\"props\":{}}},\"forms\":[]}]}]}";

static void
assert_refused (const char *data,
                gssize      length,
                int         code)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MigFormTree) tree = mig_form_tree_new_from_data (data, length, &error);

  g_assert_null (tree);
  g_assert_error (error, MIG_ERROR, code);
  g_assert_true (g_utf8_validate (error->message, -1, NULL));
  g_assert_cmpuint (strlen (error->message), >, 10);
}

static char *
replace (const char *from,
         const char *to)
{
  GString *s = g_string_new (valid_tree);

  g_assert_cmpuint (g_string_replace (s, from, to, 1), ==, 1);
  return g_string_free (s, FALSE);
}

static void
test_valid (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MigFormTree) tree = mig_form_tree_new_from_data (valid_tree, -1, &error);
  g_autoptr(MigFormTree) copy = NULL;
  g_autofree char *data = NULL;
  MigDeviceProfile *profile;
  guint visits = 0;

  g_assert_no_error (error);
  g_assert_cmpstr (mig_form_tree_get_app_id (tree), ==, "org.migui.Gallery");
  g_assert_cmpstr (mig_form_tree_get_app_version (tree), ==, "0.1.0");
  g_assert_cmpint (mig_form_tree_get_version (tree), ==, 1);
  g_assert_cmpint (mig_form_tree_get_reason (tree), ==, MIG_RESTORE_REASON_CLONE);
  g_assert_cmpstr (mig_form_tree_get_origin_name (tree), ==, "Laptop");
  g_assert_cmpint (g_date_time_get_year (mig_form_tree_get_created (tree)), ==, 2026);
  g_assert_cmpuint (mig_form_tree_get_n_windows (tree), ==, 1);
  g_assert_cmpstr (mig_form_tree_get_window_type_name (tree, 0), ==, "GalleryWindow");
  g_assert_null (mig_form_tree_get_window_type_name (tree, 1));
  g_assert_cmpuint (mig_form_tree_get_n_widgets (tree), ==, 2);
  g_assert_true (g_variant_lookup (mig_form_tree_get_suitcase (tree), "visits", "u", &visits));
  g_assert_cmpuint (visits, ==, 3);
  profile = mig_form_tree_get_origin_profile (tree);
  g_assert_cmpint (mig_device_profile_get_form_factor (profile), ==, MIG_FORM_FACTOR_TABLET);
  g_assert_cmpint (mig_device_profile_get_width (profile), ==, 1200);
  g_assert_cmpint (mig_device_profile_get_scale (profile), ==, 2);
  g_assert_true (mig_device_profile_get_touch (profile));

  mig_form_tree_set_reason (tree, MIG_RESTORE_REASON_RECOVER);
  data = mig_form_tree_to_data (tree, NULL);
  copy = mig_form_tree_new_from_data (data, -1, &error);
  g_assert_no_error (error);
  g_assert_cmpint (mig_form_tree_get_reason (copy), ==, MIG_RESTORE_REASON_RECOVER);
  mig_test_record_tree (copy);

  g_assert_finalize_object (g_steal_pointer (&copy));
  g_assert_finalize_object (g_steal_pointer (&tree));
}

/* Forward compatibility: members this version does not know are ignored. */
static void
test_unknown_fields_ignored (void)
{
  g_autofree char *data = replace ("\"reason\":", "\"future\":{\"x\":[1,2,{}]},\"reason\":");
  g_autofree char *data2 = replace ("\"focus\":", "\"channels\":[],\"focus\":");
  g_autoptr(GError) error = NULL;
  g_autoptr(MigFormTree) tree = mig_form_tree_new_from_data (data, -1, &error);
  g_autoptr(MigFormTree) tree2 = mig_form_tree_new_from_data (data2, -1, &error);

  g_assert_no_error (error);
  g_assert_nonnull (tree);
  g_assert_nonnull (tree2);
}

/* DESIGN.md's suitcase is json_gvariant_serialize() output: a "v" boxed
 * without its type is read with json-glib's guess of it. */
static void
test_plain_json_gvariant (void)
{
  g_autofree char *data = replace ("{\"visits\":{\"type\":\"u\",\"value\":3}}",
                                   "{\"visits\":3,\"name\":\"Ann\",\"done\":true,\"hosts\":[\"b\",\"c\"]}");
  g_autoptr(GError) error = NULL;
  g_autoptr(MigFormTree) tree = mig_form_tree_new_from_data (data, -1, &error);
  GVariant *suitcase;
  gint64 visits = 0;
  const char *name = NULL;
  gboolean done = FALSE;

  g_assert_no_error (error);
  suitcase = mig_form_tree_get_suitcase (tree);
  g_assert_true (g_variant_lookup (suitcase, "visits", "x", &visits));
  g_assert_cmpint (visits, ==, 3);
  g_assert_true (g_variant_lookup (suitcase, "name", "&s", &name));
  g_assert_cmpstr (name, ==, "Ann");
  g_assert_true (g_variant_lookup (suitcase, "done", "b", &done));
  g_assert_true (done);
}

static void
test_truncated (void)
{
  gsize length = strlen (valid_tree);

  /* Every prefix, including the empty one. */
  for (gsize i = 0; i < length; i++)
    assert_refused (valid_tree, (gssize) i, MIG_ERROR_INVALID_TREE);
}

static void
test_oversized (void)
{
  gsize size = MIG_FORM_TREE_MAX_SIZE + 1;
  g_autofree char *data = g_malloc (size);

  memset (data, ' ', size);
  data[0] = '{';
  data[size - 1] = '}';
  assert_refused (data, (gssize) size, MIG_ERROR_TOO_LARGE);
}

static void
test_deeply_nested (void)
{
  guint depths[] = { MIG_FORM_TREE_MAX_DEPTH + 1, 10000, 1000000 };

  for (guint i = 0; i < G_N_ELEMENTS (depths); i++)
    {
      GString *s = g_string_new (NULL);

      for (guint d = 0; d < depths[i]; d++)
        g_string_append_c (s, d % 2 ? '[' : '{');
      assert_refused (s->str, (gssize) s->len, MIG_ERROR_TOO_LARGE);
      g_string_free (s, TRUE);
    }

  /* Brackets inside strings do not count. */
  {
    g_autofree char *brackets = g_strnfill (200, '[');
    g_autofree char *key = g_strdup_printf ("\"%s\":1,\"reason\":", brackets);
    g_autofree char *data = replace ("\"reason\":", key);
    g_autoptr(GError) error = NULL;
    g_autoptr(MigFormTree) tree = mig_form_tree_new_from_data (data, -1, &error);

    g_assert_no_error (error);
  }
}

typedef struct
{
  const char *from;
  const char *to;
  int code;
} Edit;

static const Edit wrongly_typed[] = {
  { "\"version\":1", "\"version\":\"1\"", MIG_ERROR_INVALID_TREE },
  { "\"version\":1", "\"version\":0", MIG_ERROR_INVALID_TREE },
  { "\"version\":1", "\"version\":1.5", MIG_ERROR_INVALID_TREE },
  { "\"version\":1", "\"version\":2", MIG_ERROR_VERSION_MISMATCH },
  { "\"version\":1", "\"version\":9000000000", MIG_ERROR_VERSION_MISMATCH },
  { "\"format\":\"migui-form-tree\"", "\"format\":\"something-else\"", MIG_ERROR_INVALID_TREE },
  { "\"app\":{\"id\":\"org.migui.Gallery\"", "\"app\":{\"id\":\"not an id\"", MIG_ERROR_INVALID_TREE },
  { "\"app\":{\"id\":\"org.migui.Gallery\"", "\"app\":{\"id\":7", MIG_ERROR_INVALID_TREE },
  { "\"reason\":\"clone\"", "\"reason\":\"teleport\"", MIG_ERROR_INVALID_TREE },
  { "\"created\":\"2026-11-22T10:00:00Z\"", "\"created\":\"yesterday\"", MIG_ERROR_INVALID_TREE },
  { "\"form-factor\":\"tablet\"", "\"form-factor\":\"toaster\"", MIG_ERROR_INVALID_TREE },
  { "\"scale\":2", "\"scale\":-3", MIG_ERROR_INVALID_TREE },
  { "\"windows\":[", "\"windows\":{\"a\":[", MIG_ERROR_INVALID_TREE },
  { "{\"type\":\"GalleryWindow\"", "[{\"type\":\"GalleryWindow\"", MIG_ERROR_INVALID_TREE },
  { "\"type\":\"GalleryWindow\"", "\"type\":\"Gallery Window; rm -rf\"", MIG_ERROR_INVALID_TREE },
  { "\"type\":\"GalleryWindow\"", "\"type\":null", MIG_ERROR_INVALID_TREE },
  { "\"width\":640", "\"width\":\"640\"", MIG_ERROR_INVALID_TREE },
  { "\"width\":640", "\"width\":99999999999", MIG_ERROR_INVALID_TREE },
  { "\"maximized\":false", "\"maximized\":0", MIG_ERROR_INVALID_TREE },
  { "\"focus\":\"entry\"", "\"focus\":[]", MIG_ERROR_INVALID_TREE },
  { "\"props\":{\"text\":\"hi\"}", "\"props\":\"text=hi\"", MIG_ERROR_INVALID_TREE },
  { "\"class\":\"GtkEntry\",\"props\":{\"text\"", "\"class\":\"<script>\",\"props\":{\"text\"", MIG_ERROR_INVALID_TREE },
  { "\"widgets\":{\"entry\"", "\"widgets\":{\"\"", MIG_ERROR_INVALID_TREE },
  { "\"widgets\":{\"entry\":{", "\"widgets\":{\"entry\":[{", MIG_ERROR_INVALID_TREE },
  { "\"forms\":[{\"name\":\"GalleryContactForm\"", "\"forms\":[{\"name\":5", MIG_ERROR_INVALID_TREE },
  { "\"forms\":[{", "\"forms\":{\"x\":{", MIG_ERROR_INVALID_TREE },
  { "\"suitcase\":{\"type\":\"a{sv}\"", "\"suitcase\":{\"type\":\"a{sv\"", MIG_ERROR_INVALID_TREE },
  { "\"suitcase\":{\"type\":\"a{sv}\"", "\"suitcase\":{\"type\":\"as\"", MIG_ERROR_INVALID_TREE },
  { "{\"type\":\"u\",\"value\":3}", "{\"type\":\"u\",\"value\":\"three\"}", MIG_ERROR_INVALID_TREE },
  { "\"suitcase\":{\"type\":\"a{sv}\",\"value\":{", "\"suitcase\":{\"type\":\"a{sv}\",\"value\":[{", MIG_ERROR_INVALID_TREE },
  { "\"state\":{\"type\":\"a{sv}\",\"value\":{}}", "\"state\":{\"type\":\"*\",\"value\":{}}", MIG_ERROR_INVALID_TREE },
};

static void
test_wrongly_typed (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (wrongly_typed); i++)
    {
      g_autofree char *data = replace (wrongly_typed[i].from, wrongly_typed[i].to);

      g_test_message ("%s → %s", wrongly_typed[i].from, wrongly_typed[i].to);
      assert_refused (data, -1, wrongly_typed[i].code);
    }
}

static void
test_not_a_tree (void)
{
  const char *inputs[] = { "", "   ", "null", "42", "\"tree\"", "[]", "{}", "{\"format\":\"migui-form-tree\"}",
                           "{\"format\":\"migui-form-tree\",\"version\":1}",
                           "{\"format\":\"migui-form-tree\",\"version\":1,\"app\":{\"id\":\"a.b\"}}",
                           "<?xml version=\"1.0\"?><tree/>", "{\"a\":1,}", "{'format':1}" };

  for (guint i = 0; i < G_N_ELEMENTS (inputs); i++)
    assert_refused (inputs[i], -1, MIG_ERROR_INVALID_TREE);

  /* Not UTF-8, and a NUL inside the declared length. */
  assert_refused ("{\"format\":\"\xff\xfe\"}", -1, MIG_ERROR_INVALID_TREE);
  assert_refused ("{\"format\"\0:1}", 13, MIG_ERROR_INVALID_TREE);
}

static void
test_too_many (void)
{
  GString *s = g_string_new ("{\"format\":\"migui-form-tree\",\"version\":1,\"app\":{\"id\":\"a.b\"},\"windows\":[");

  for (guint i = 0; i <= MIG_FORM_TREE_MAX_WINDOWS; i++)
    g_string_append_printf (s, "%s{\"type\":\"W\"}", i ? "," : "");
  g_string_append (s, "]}");
  assert_refused (s->str, -1, MIG_ERROR_TOO_LARGE);

  g_string_assign (s, "{\"format\":\"migui-form-tree\",\"version\":1,\"app\":{\"id\":\"a.b\"},\"windows\":[{\"type\":\"W\",\"widgets\":{");
  for (guint i = 0; i <= MIG_FORM_TREE_MAX_WIDGETS; i++)
    g_string_append_printf (s, "%s\"w%u\":{\"class\":\"GtkEntry\",\"props\":{}}", i ? "," : "", i);
  g_string_append (s, "}}]}");
  g_assert_cmpuint (s->len, <, MIG_FORM_TREE_MAX_SIZE);
  assert_refused (s->str, -1, MIG_ERROR_TOO_LARGE);
  g_string_free (s, TRUE);
}

static void
test_unknown_widget_class (void)
{
  g_autofree char *unknown = replace ("\"class\":\"GtkEntry\",\"props\":{\"text\"", "\"class\":\"NoSuchWidget\",\"props\":{\"text\"");
  g_autofree char *not_widget = replace ("\"class\":\"GtkEntry\",\"props\":{\"text\"", "\"class\":\"GtkAdjustment\",\"props\":{\"text\"");
  /* A GTK type never used in this process is still known. */
  g_autofree char *lazy = replace ("\"class\":\"GtkEntry\",\"props\":{\"text\"", "\"class\":\"GtkInscription\",\"props\":{\"text\"");
  g_autoptr(GError) error = NULL;
  g_autoptr(MigFormTree) tree = NULL;

  /* A type that is not a widget is refused; a class this toolkit does not
   * know may be a widget of another version's: it is read, and skipped
   * when restored (test-application's mismatches-skipped). */
  assert_refused (not_widget, -1, MIG_ERROR_UNKNOWN_TYPE);
  tree = mig_form_tree_new_from_data (unknown, -1, &error);
  g_assert_no_error (error);
  g_clear_object (&tree);
  tree = mig_form_tree_new_from_data (lazy, -1, &error);
  g_assert_no_error (error);
}

static void
test_files (void)
{
  g_autofree char *dir = g_dir_make_tmp ("migui-files-XXXXXX", NULL);
  g_autofree char *big = g_build_filename (dir, "big.migui", NULL);
  g_autofree char *missing = g_build_filename (dir, "missing.migui", NULL);
  g_autoptr(GFile) big_file = g_file_new_for_path (big);
  g_autoptr(GFile) missing_file = g_file_new_for_path (missing);
  g_autoptr(GError) error = NULL;
  g_autoptr(MigFormTree) tree = NULL;
  int fd;

  /* A sparse 1 GiB file: refused from its size, before it is read. */
  fd = g_open (big, O_CREAT | O_WRONLY, 0600);
  g_assert_cmpint (fd, >=, 0);
  g_assert_cmpint (ftruncate (fd, 1024 * 1024 * 1024), ==, 0);
  close (fd);
  tree = mig_form_tree_new_from_file (big_file, &error);
  g_assert_null (tree);
  g_assert_error (error, MIG_ERROR, MIG_ERROR_TOO_LARGE);
  g_clear_error (&error);

  tree = mig_form_tree_new_from_file (missing_file, &error);
  g_assert_null (tree);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);

  g_unlink (big);
  g_rmdir (dir);
}

/* Random edits of a valid tree: each parses or fails cleanly. */
static void
test_mutations (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (g_test_rand_int ());
  gsize length = strlen (valid_tree);
  guint parsed = 0;
  const char tokens[] = "{}[]\":,0123456789-.etrufalsn\\ \xc3\xa9";

  for (guint round = 0; round < 20000; round++)
    {
      /* Room for the insertions below. */
      g_autofree char *data = g_malloc (length + 8);
      g_autoptr(GError) error = NULL;
      g_autoptr(MigFormTree) tree = NULL;
      gsize n = length;
      guint edits = g_rand_int_range (rand, 1, 4);

      memcpy (data, valid_tree, length);

      for (guint e = 0; e < edits; e++)
        {
          gsize at = g_rand_int_range (rand, 0, (gint32) n);

          switch (g_rand_int_range (rand, 0, 3))
            {
            case 0:
              data[at] = tokens[g_rand_int_range (rand, 0, sizeof tokens - 1)];
              break;
            case 1:
              memmove (data + at, data + at + 1, n - at - 1);
              n--;
              break;
            default:
              memmove (data + at + 1, data + at, n - at);
              data[at] = tokens[g_rand_int_range (rand, 0, sizeof tokens - 1)];
              n++;
              break;
            }
        }

      tree = mig_form_tree_new_from_data (data, (gssize) n, &error);
      g_assert_true ((tree == NULL) != (error == NULL));
      if (error != NULL)
        g_assert_true (error->domain == MIG_ERROR);
      if (tree != NULL)
        {
          g_autofree char *again = mig_form_tree_to_data (tree, NULL);
          g_autoptr(MigFormTree) copy = mig_form_tree_new_from_data (again, -1, &error);
          g_assert_no_error (error);
          parsed++;
        }
    }
  g_test_message ("%u of 20000 mutated trees were still valid", parsed);
}

int
main (int   argc,
      char *argv[])
{
  mig_test_init (&argc, &argv);

  g_test_add_func ("/Mig/FormTree/valid", test_valid);
  g_test_add_func ("/Mig/FormTree/unknown-fields-ignored", test_unknown_fields_ignored);
  g_test_add_func ("/Mig/FormTree/plain-json-gvariant", test_plain_json_gvariant);
  g_test_add_func ("/Mig/FormTree/truncated", test_truncated);
  g_test_add_func ("/Mig/FormTree/oversized", test_oversized);
  g_test_add_func ("/Mig/FormTree/deeply-nested", test_deeply_nested);
  g_test_add_func ("/Mig/FormTree/wrongly-typed", test_wrongly_typed);
  g_test_add_func ("/Mig/FormTree/not-a-tree", test_not_a_tree);
  g_test_add_func ("/Mig/FormTree/too-many", test_too_many);
  g_test_add_func ("/Mig/FormTree/unknown-widget-class", test_unknown_widget_class);
  g_test_add_func ("/Mig/FormTree/files", test_files);
  g_test_add_func ("/Mig/FormTree/mutations", test_mutations);

  return mig_test_run ();
}

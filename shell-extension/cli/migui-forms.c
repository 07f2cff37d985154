/*
 * Copyright 2026 The libmigui authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * migui forms, migui send-form: one form of a running application on
 * another device (org.migui.Application1's ListForms and SendForm).
 */

#include <glib/gi18n.h>

#include "migui-cli.h"

static int
fail_app (const char *app_id,
          GError     *error)
{
  int status = exit_for_error (error);
  g_autofree char *message = NULL;

  if (status == EXIT_NOT_RUNNING || g_error_matches (error, G_DBUS_ERROR, G_DBUS_ERROR_SERVICE_UNKNOWN) ||
      g_error_matches (error, G_DBUS_ERROR, G_DBUS_ERROR_NAME_HAS_NO_OWNER))
    {
      message = g_strdup_printf (_("%s is not running"), app_id);
      return fail (EXIT_NOT_RUNNING, message);
    }
  if (g_error_matches (error, G_DBUS_ERROR, G_DBUS_ERROR_INVALID_ARGS))
    return fail (EXIT_USAGE, error->message);
  return fail (status, error->message);
}

int
cmd_forms (const char *app_id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) reply = call_app (app_id, "ListForms", NULL, &error);
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(GVariantIter) iter = NULL;
  g_autofree const char **devices = NULL;
  const char *name, *type;

  if (reply == NULL)
    return fail_app (app_id, error);
  if (!opt_json)
    g_print ("%-24s %-28s %s\n", _("FORM"), _("TYPE"), _("ALSO ON"));
  json_builder_begin_array (builder);
  g_variant_get (reply, "(a(ssas))", &iter);
  while (g_variant_iter_next (iter, "(&s&s^a&s)", &name, &type, &devices))
    {
      if (!opt_json)
        {
          g_autofree char *on = g_strjoinv (", ", (char **) devices);

          g_print ("%-24s %-28s %s\n", name, type, *on != '\0' ? on : "—");
        }
      else
        {
          json_builder_begin_object (builder);
          json_builder_set_member_name (builder, "name");
          json_builder_add_string_value (builder, name);
          json_builder_set_member_name (builder, "type");
          json_builder_add_string_value (builder, type);
          json_builder_set_member_name (builder, "devices");
          json_builder_begin_array (builder);
          for (guint i = 0; devices[i] != NULL; i++)
            json_builder_add_string_value (builder, devices[i]);
          json_builder_end_array (builder);
          json_builder_end_object (builder);
        }
      g_clear_pointer (&devices, g_free);
    }
  json_builder_end_array (builder);
  if (opt_json)
    print_json (builder);
  return EXIT_OK;
}

int
cmd_send_form (const char *app_id,
               const char *form,
               const char *peer,
               const char *mode)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) reply = NULL;
  gint64 start = g_get_monotonic_time ();
  g_autofree char *message = NULL;

  reply = call_app (app_id, "SendForm", g_variant_new ("(sss)", form, peer, mode), &error);
  if (reply == NULL)
    return fail_app (app_id, error);
  if (opt_json)
    {
      char total[G_ASCII_DTOSTR_BUF_SIZE];

      g_ascii_formatd (total, sizeof total, "%.2f", (g_get_monotonic_time () - start) / 1000.0);
      g_print ("{\"ok\":true,\"total-ms\":%s}\n", total);
      return EXIT_OK;
    }
  message = g_strdup_printf (_("%s is live on %s"), form, peer);
  return succeed (message);
}

// Starts Swagger UI on the API documentation page (no inline script: the site's CSP).
document.addEventListener("DOMContentLoaded", () => {
  const node = document.getElementById("swagger-ui");
  if (!node || typeof SwaggerUIBundle === "undefined") return;
  SwaggerUIBundle({
    url: node.dataset.schemaUrl,
    domNode: node,
    deepLinking: true,
    layout: "BaseLayout",
    withCredentials: true,
  });
});
